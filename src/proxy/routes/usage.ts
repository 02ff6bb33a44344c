// GET /_antigravity/usage and POST /_antigravity/usage/reset (issue 15; admin: loopback peers with
// the proxy's key): the usage statistics of the store the host keeps, in the shape of
// `antigravity-proxy usage --json` plus the most recent requests, and the reset that
// `antigravity-proxy usage --reset` asks a running proxy for.
import { ProxyError } from '../errors';
import { sendJson } from '../respond';
import { DEFAULT_RECENT_LIMIT, parseDay } from '../usage/rollup';
import type { UsageStore } from '../usage/store';
import type { Handler, RouteContext } from './context';

function storeOf(ctx: RouteContext): UsageStore {
  const store = ctx.usage();
  if (!store) throw new ProxyError('usage_unavailable');
  return store;
}

/** ?since=YYYY-MM-DD (local date, inclusive) and ?recent=N (0-1000, default 100). */
export const usageQuery: Handler = (ctx, r) => {
  const store = storeOf(ctx);
  const q = new URLSearchParams(r.search);
  const sinceParam = q.get('since');
  const since = sinceParam === null ? undefined : parseDay(sinceParam);
  if (sinceParam !== null && !since)
    throw new ProxyError('invalid_query', `since must be a date as YYYY-MM-DD, not ${JSON.stringify(sinceParam.slice(0, 40))}.`);
  const recentParam = q.get('recent') ?? '100';
  const recent = /^\d{1,4}$/.test(recentParam) ? Number(recentParam) : NaN;
  if (!(recent >= 0 && recent <= DEFAULT_RECENT_LIMIT)) throw new ProxyError('invalid_query', `recent must be a number from 0 to ${DEFAULT_RECENT_LIMIT}.`);
  sendJson(r.res, store.query({ since, recent }), { 'cache-control': 'no-store' });
  return 200;
};

export const usageReset: Handler = async (ctx, r) => {
  r.req.resume();
  await storeOf(ctx).reset();
  sendJson(r.res, { reset: true }, { 'cache-control': 'no-store' });
  return 200;
};
