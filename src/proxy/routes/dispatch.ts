// The protocol routes (issue 5), reached from ProxyServer.handle() after authentication:
//   OpenAI     GET /v1/models/{id} (Anthropic's shape with anthropic-version)
//              POST /v1/chat/completions, /v1/responses, /v1/embeddings (/v1/completions stays
//              on the server's pass-through: OpenAI-compatible upstreams only)
//   Anthropic  POST /v1/messages, /v1/messages/count_tokens (?beta=true tolerated),
//              POST /api/event_logging/batch (Claude Code telemetry: accepted and dropped)
//   Gemini     GET /v1beta/models[/{model}], POST /v1beta/models/{model}:generateContent,
//              :streamGenerateContent, :countTokens (other :methods, such as :embedContent,
//              forwarded to Gemini upstreams)
// Returns false for anything else, which the server handles as before.
import { sendError } from '../errors';
import type { RouteContext, RouteRequest } from './context';
import { handleCountTokens } from './countTokens';
import { handleEmbeddings } from './embeddings';
import { handleGeminiOther } from './geminiOther';
import { handleGenerate } from './generate';
import { anthropicModel, geminiModel, geminiModelList } from './modelLists';

const GEMINI_MODEL = /^\/v1beta\/models\/([^/:]+)(?::([A-Za-z]+))?$/;

export function createProtocolRoutes(ctx: RouteContext): (r: RouteRequest) => boolean {
  return function protocolRoutes(r: RouteRequest): boolean {
    const { path, method } = r;
    if (method === 'POST') {
      // The path decides the protocol here, whatever headers (anthropic-version) came along.
      if (path === '/v1/chat/completions') {
        void handleGenerate(ctx, { ...r, protocol: 'openai' });
        return true;
      }
      if (path === '/v1/responses') {
        void handleGenerate(ctx, { ...r, protocol: 'openai' }, { responses: true });
        return true;
      }
      if (path === '/v1/embeddings') {
        void handleEmbeddings(ctx, { ...r, protocol: 'openai' });
        return true;
      }
      if (path === '/v1/messages') {
        void handleGenerate(ctx, r);
        return true;
      }
      if (path === '/v1/messages/count_tokens') {
        void handleCountTokens(ctx, r);
        return true;
      }
      if (path === '/api/event_logging/batch') {
        r.req.resume();
        r.res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }).end('{}');
        return true;
      }
    }
    if (method === 'GET' && path.startsWith('/v1/models/') && path.length > 11) {
      // models.retrieve in the OpenAI and Anthropic SDKs.
      const id = decodeURIComponent(path.slice(11));
      void ctx.listModels().then(
        (list) => {
          const found = list.find((x) => x.id === id);
          if (!found) sendError(r.res, r.protocol, 404, 'model_not_found', `The model "${id.slice(0, 200)}" is not in the proxy's models list.`);
          else json(r, r.protocol === 'anthropic' ? anthropicModel(found) : found);
        },
        (e) => ctx.answerError(r.res, r.protocol, e, undefined, path),
      );
      return true;
    }
    if (!path.startsWith('/v1beta/models')) return false;
    if (path === '/v1beta/models' && method === 'GET') {
      void ctx.listModels().then(
        (list) => json(r, geminiModelList(list)),
        (e) => ctx.answerError(r.res, 'gemini', e, undefined, path),
      );
      return true;
    }
    const m = GEMINI_MODEL.exec(path);
    if (!m) return false;
    const model = decodeURIComponent(m[1]).replace(/^models\//, '');
    const action = m[2];
    if (method === 'GET' && !action) {
      void ctx.listModels().then(
        (list) => {
          const found = list.find((x) => x.id === model);
          if (found) json(r, geminiModel(found));
          else sendError(r.res, 'gemini', 404, 'model_not_found', `models/${model.slice(0, 200)} is not found in the proxy's models list.`);
        },
        (e) => ctx.answerError(r.res, 'gemini', e, undefined, path),
      );
      return true;
    }
    if (method !== 'POST') return false;
    if (action === 'generateContent' || action === 'streamGenerateContent') {
      void handleGenerate(ctx, r, { geminiModel: model, geminiStream: action === 'streamGenerateContent' });
      return true;
    }
    if (action === 'countTokens') {
      void handleCountTokens(ctx, r, model);
      return true;
    }
    if (action) {
      void handleGeminiOther(ctx, r, model, action);
      return true;
    }
    return false;
  };
}

function json(r: RouteRequest, body: unknown): void {
  const out = JSON.stringify(body);
  r.res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
  r.res.end(out);
}
