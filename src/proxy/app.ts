// The Express side of the server: health, the models list and clear 404/405 answers in the
// client's protocol. Authentication has already run (server.ts) before a request gets here.
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { EffectiveAuth, ProxyConfig } from './config';
import type { Logger } from './logger';
import type { ModelEntry } from './upstream/models';
import type { Upstream } from './upstream/routing';
import type { PoolStatus } from './pool/registry';
import { newErrorId, type Protocol } from './errors';
import { sendError } from './respond';
import { anthropicModelList } from './providers/anthropic/models';

export interface AppContext {
  version: string;
  snapshot: () => { config: ProxyConfig; auth: EffectiveAuth; upstreams: Upstream[] };
  listModels: () => Promise<ModelEntry[]>;
  logger: Logger;
  /** Key pool states for GET /_antigravity/status (guarded in server.ts: adminGuard.ts). */
  poolStatus: () => PoolStatus;
}

const REQUEST_INFO_KEY = Symbol.for('antigravity.requestInfo');

function protocolOf(req: Request): Protocol {
  const info = (req as unknown as Record<symbol, { protocol: Protocol } | undefined>)[REQUEST_INFO_KEY];
  return info?.protocol ?? 'openai';
}

const KNOWN_ROUTES: Record<string, string[]> = {
  '/healthz': ['GET'],
  '/health': ['GET'],
  '/v1/models': ['GET'],
  '/v1/chat/completions': ['POST'],
  '/v1/completions': ['POST'],
  '/v1/embeddings': ['POST'],
  '/v1/responses': ['POST'],
  '/_antigravity/status': ['GET'],
  '/v1/messages': ['POST'],
  '/v1/messages/count_tokens': ['POST'],
  '/api/event_logging/batch': ['POST'],
  '/v1beta/models': ['GET'],
};

export function createApp(ctx: AppContext): express.Express {
  const app = express();
  // A tuned app: no X-Powered-By, no ETag hashing of every answer, no query-string parsing.
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', false);

  app.get(['/healthz', '/health'], function health(_req: Request, res: Response) {
    res.set('cache-control', 'no-store').json({ status: 'ok', service: 'antigravity-proxy', version: ctx.version });
  });

  app.get('/v1/models', async function models(req: Request, res: Response) {
    const list = await ctx.listModels();
    if (protocolOf(req) === 'anthropic') {
      const q = req.url.indexOf('?');
      res.json(anthropicModelList(list, q < 0 ? '' : req.url.slice(q)));
      return;
    }
    res.json({ object: 'list', data: list });
  });

  app.get('/_antigravity/status', function poolStatus(_req: Request, res: Response) {
    res.set('cache-control', 'no-store').json(ctx.poolStatus());
  });

  app.use(function notFound(req: Request, res: Response) {
    const path = req.path;
    const allowed = KNOWN_ROUTES[path];
    if (allowed) {
      res.set('allow', allowed.join(', '));
      sendError(res, protocolOf(req), 405, 'method_not_allowed', `${req.method} is not supported on ${path}; use ${allowed.join(' or ')}.`);
      return;
    }
    sendError(res, protocolOf(req), 404, 'not_found', `This proxy has no route ${req.method} ${path.slice(0, 200)}. Model routes: POST /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/responses, /v1/messages, /v1/messages/count_tokens, /v1beta/models/{model}:generateContent (:streamGenerateContent, :countTokens); GET /v1/models, /v1beta/models, /healthz.`);
  });

  app.use(function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
    const id = newErrorId();
    ctx.logger.error(`${id}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    sendError(res, protocolOf(req), 500, 'internal_error', `The proxy failed to handle this request (error id ${id}); see the proxy log.`);
  });

  return app;
}
