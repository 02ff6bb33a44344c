// GET /healthz and /health: is the proxy up, and which version (no secrets, no upstream state);
// and Claude Code's telemetry batches, accepted and dropped so that it does not retry them.
import { sendJson } from '../respond';
import type { Handler } from './context';

export const health: Handler = (ctx, r) => {
  sendJson(r.res, { status: 'ok', service: 'antigravity-proxy', version: ctx.version }, { 'cache-control': 'no-store' });
  return 200;
};

export const eventLogging: Handler = (_ctx, r) => {
  r.req.resume();
  sendJson(r.res, {});
  return 200;
};
