// GET /healthz and /health: is the proxy up, and which version (no secrets, no upstream state);
// Claude Code's telemetry batches, accepted and dropped so that it does not retry them; and its
// start-up warm-up `HEAD /api/hello` (a 200, as Anthropic's API answers; Claude Code ignores it).
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

export const warmUp: Handler = (_ctx, r) => {
  sendJson(r.res, {}, { 'cache-control': 'no-store' });
  return 200;
};
