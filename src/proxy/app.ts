// The Express side of the server: health, the models list and clear 404/405 answers in the
// client's protocol. Authentication has already run (server.ts) before a request gets here.
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { EffectiveAuth, ProxyConfig } from './config';
import type { Logger } from './logger';
import type { ModelEntry } from './models';
import type { Upstream } from './upstreams';
import type { PoolStatus } from './pool/registry';
import { newErrorId, sendError, type Protocol } from './errors';

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
      res.json({
        data: list.map((m) => ({ type: 'model', id: m.id, display_name: m.id, created_at: new Date(m.created * 1000).toISOString() })),
        has_more: false,
        first_id: list[0]?.id ?? null,
        last_id: list[list.length - 1]?.id ?? null,
      });
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
    sendError(res, protocolOf(req), 404, 'not_found', `This proxy has no route ${req.method} ${path.slice(0, 200)}. Model routes: POST /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/responses; GET /v1/models, /healthz.`);
  });

  app.use(function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
    const id = newErrorId();
    ctx.logger.error(`${id}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    sendError(res, protocolOf(req), 500, 'internal_error', `The proxy failed to handle this request (error id ${id}); see the proxy log.`);
  });

  return app;
}
