// From a requested model name to an upstream and the name to ask it for: aliases, then routing.
import { ProxyError } from '../errors';
import { resolveAlias, routeModel, type Upstream } from '../upstream/routing';
import type { RouteContext } from './context';

export interface Resolved {
  upstream: Upstream;
  /** The model name to send upstream (differs from the requested one when aliased). */
  model: string;
}

export function resolveModel(ctx: RouteContext, requested: string): Resolved {
  const snap = ctx.snapshot();
  if (snap.upstreams.length === 0) {
    throw new ProxyError('no_upstream', 'No upstream is configured, so model requests cannot be served. Add an upstream (config file "upstreams", or set OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY) and try again.');
  }
  const model = resolveAlias(snap.config.modelAliases, requested);
  const upstream = routeModel(snap.upstreams, model, snap.config.defaultUpstream);
  if (!upstream) {
    throw new ProxyError('model_not_found', `No configured upstream serves the model "${model.slice(0, 200)}". Check the "models" patterns of your upstreams, "modelAliases" or "defaultUpstream".`);
  }
  return { upstream, model };
}
