// The models list and one model, in the shape of the client's protocol (providers/<kind>/models.ts):
// OpenAI's, Anthropic's paged one (GET /v1/models with anthropic-version; Claude Code asks
// ?limit=1000), Gemini's (GET /v1beta/models[/{model}]). models.retrieve of the SDKs included.
import { ProxyError } from '../errors';
import { CLIENTS } from '../providers/registry';
import { sendJson } from '../respond';
import type { Handler } from './context';

export const listModels: Handler = async (ctx, r) => {
  const list = await ctx.listModels();
  sendJson(r.res, CLIENTS[r.protocol].models!.list(list, r.search));
  return 200;
};

export const getModel: Handler = async (ctx, r) => {
  // Gemini names models "models/<id>"; OpenAI ids may contain slashes ("org/model").
  const id = r.params.id ?? r.params.model.replace(/^models\//, '');
  const found = (await ctx.listModels()).find((m) => m.id === id);
  if (!found) throw new ProxyError('model_not_found', `The model "${id.slice(0, 200)}" is not in the proxy's models list.`);
  sendJson(r.res, CLIENTS[r.protocol].models!.one(found));
  return 200;
};
