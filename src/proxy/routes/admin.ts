// The admin endpoints (behind gate/admin.ts: loopback peers only, the proxy's key in every auth
// mode): GET /_antigravity/status, every upstream key's state by label (never a key), and
// GET /_antigravity/diagnostics, what `antigravity-proxy diagnose` needs to explain real 401s
// (rejections keep only salted hashes; upstreams are reported by name and key count).
import { sendJson } from '../respond';
import type { Handler } from './context';

export const poolStatus: Handler = (ctx, r) => {
  sendJson(r.res, ctx.poolStatus(), { 'cache-control': 'no-store' });
  return 200;
};

export const diagnostics: Handler = (ctx, r) => {
  sendJson(r.res, ctx.diagnostics(), { 'cache-control': 'no-store' });
  return 200;
};
