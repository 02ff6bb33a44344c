// From a requested model name to the upstream that serves it and the name to ask it for: aliases,
// then routing (upstream/routing.ts); an in-process upstream's provider then picks its own model
// for the name (a family match or its default) and says why, for the log. What in-process
// providers offer comes from the registry's cache (providers/inProcess.ts), not a listing per request.
import { ProxyError } from '../errors';
import type { InProcessModel, InProcessProvider } from '../providers/inProcess';
import { resolveAlias, routeModel, type Upstream } from '../upstream/routing';
import type { RouteContext, RouteRequest, Snapshot } from './context';

export interface Resolved {
  upstream: Upstream;
  /** The model name to ask for (the alias target, or the id an in-process provider chose). */
  model: string;
  /** Set when the upstream is served in-process. */
  inProcess?: InProcessProvider;
}

/**
 * Resolves synchronously when no upstream is served in-process (no await on the pass-through's
 * way to the upstream: bench/README.md); otherwise asks the in-process providers.
 */
export function resolveModel(ctx: RouteContext, r: RouteRequest, requested: string): Resolved | Promise<Resolved> {
  const snap = ctx.snapshot();
  if (snap.upstreams.length === 0) {
    throw new ProxyError(
      'no_upstream',
      'No upstream is configured, so model requests cannot be served. Add an upstream (config file "upstreams", or set OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY) and try again.',
    );
  }
  const model = resolveAlias(snap.config.modelAliases, requested);
  if (snap.inProcessUpstreams.length) return resolveInProcess(ctx, snap, r, model);
  // No in-process upstream: the routed one is an HTTP upstream.
  return { upstream: routed(snap, r, model), model };
}

/** The upstream of `snap` that serves `model` (a 404 the client can act on when none does), noted in `r`. */
function routed(snap: Snapshot, r: RouteRequest, model: string, offered?: Map<Upstream, ReadonlySet<string>>): Upstream {
  const upstream = routeModel(snap.upstreams, model, snap.config.defaultUpstream, offered && ((u) => offered.get(u)?.has(model) === true));
  if (!upstream) {
    throw new ProxyError(
      'model_not_found',
      `No configured upstream serves the model "${model.slice(0, 200)}". Check the "models" patterns of your upstreams, "modelAliases" or "defaultUpstream".`,
    );
  }
  r.upstream = upstream;
  r.servedModel = model;
  return upstream;
}

/** One snapshot for the whole resolution, as before the await. */
async function resolveInProcess(ctx: RouteContext, snap: Snapshot, r: RouteRequest, model: string): Promise<Resolved> {
  const offered = await offeredModels(ctx, snap.inProcessUpstreams);
  const upstream = routed(snap, r, model, offered);
  // The server accepts only kinds it has a provider for (server.ts applyConfig).
  const provider = ctx.inProcess.get(upstream.config.kind);
  if (!provider) return { upstream, model };
  const chosen = await provider.resolveModel(model, await listed(ctx, upstream));
  r.servedModel = chosen.id;
  ctx.logger.debug(`Model "${model.slice(0, 200)}" is served by "${chosen.id}" on upstream "${upstream.config.name}": ${chosen.reason}`);
  return { upstream, model: chosen.id, inProcess: provider };
}

/** The model ids each in-process upstream offers right now. */
async function offeredModels(ctx: RouteContext, inProcess: readonly Upstream[]): Promise<Map<Upstream, ReadonlySet<string>>> {
  const none: ReadonlySet<string> = new Set();
  const sets = await Promise.all(
    inProcess.map((u) =>
      ctx.inProcess.ids(u.config.kind).catch((e: unknown) => {
        warnList(ctx, u, e);
        return none;
      }),
    ),
  );
  return new Map(inProcess.map((u, i) => [u, sets[i]]));
}

/** The models an in-process upstream offers right now (none when they cannot be listed). */
function listed(ctx: RouteContext, u: Upstream): Promise<InProcessModel[]> {
  return ctx.inProcess.models(u.config.kind).catch((e: unknown) => {
    warnList(ctx, u, e);
    return [];
  });
}

function warnList(ctx: RouteContext, u: Upstream, e: unknown): void {
  ctx.logger.warn(`Could not list the models of upstream "${u.config.name}": ${e instanceof Error ? e.message : String(e)}`);
}
