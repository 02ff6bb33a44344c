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
import { sendError } from '../respond';
import type { RouteContext, RouteRequest } from './context';
import { handleCountTokens } from './countTokens';
import { handleEmbeddings } from './embeddings';
import { handleGeminiOther } from './geminiOther';
import { handleGenerate } from './generate';
import { anthropicModel } from '../providers/anthropic/models';
import { geminiModel, geminiModelList } from '../providers/gemini/models';

const GEMINI_MODEL = /^\/v1beta\/models\/([^/:]+)(?::([A-Za-z]+))?$/;

export function createProtocolRoutes(ctx: RouteContext): (r: RouteRequest) => boolean {
  // A handler that throws after answering (a faulty 'request' listener) must not become an
  // unhandled rejection that takes the process down: log it, end the response.
  const run = (r: RouteRequest, p: Promise<void>): true => {
    p.catch((e: unknown) => ctx.answerError(r.res, r.protocol, e, undefined, r.path));
    return true;
  };
  return function protocolRoutes(r: RouteRequest): boolean {
    const { path, method } = r;
    if (method === 'POST') {
      // The path decides how the body is read; errors keep the shape the headers asked for
      // (errors.ts detectProtocol).
      if (path === '/v1/chat/completions') return run(r, handleGenerate(ctx, r, { body: 'openai' }));
      if (path === '/v1/responses') return run(r, handleGenerate(ctx, r, { body: 'openai-responses' }));
      if (path === '/v1/embeddings') return run(r, handleEmbeddings(ctx, r));
      if (path === '/v1/messages') return run(r, handleGenerate(ctx, r, { body: 'anthropic' }));
      if (path === '/v1/messages/count_tokens') return run(r, handleCountTokens(ctx, r));
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
      return run(r, handleGenerate(ctx, r, { body: 'gemini', geminiModel: model, geminiStream: action === 'streamGenerateContent' }));
    }
    if (action === 'countTokens') return run(r, handleCountTokens(ctx, r, model));
    if (action) return run(r, handleGeminiOther(ctx, r, model, action));
    return false;
  };
}

function json(r: RouteRequest, body: unknown): void {
  const out = JSON.stringify(body);
  r.res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
  r.res.end(out);
}
