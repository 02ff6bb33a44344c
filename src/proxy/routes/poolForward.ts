// A pass-through through the upstream's key pool (rotation on 429/401/403/5xx, fallbacks of the
// same kind), as the server's own pass-through does it: for the routes that only forward.
import type { Protocol } from '../errors';
import { forward } from '../upstream/passThrough';
import type { Upstream } from '../upstream/routing';
import { withPool, type PoolResult } from '../pool/withPool';
import { callTimeouts } from '../upstream/transport';
import type { RouteContext, RouteRequest } from './context';

export function forwardWithPool(ctx: RouteContext, r: RouteRequest, upstream: Upstream, body: Buffer, subPath: string, protocol: Protocol): Promise<PoolResult> {
  const config = ctx.snapshot().config;
  return withPool({
    pools: ctx.keyPools,
    upstream,
    upstreams: ctx.snapshot().upstreams,
    accepts: (u) => u.config.kind === upstream.config.kind,
    aborted: () => r.res.destroyed,
    send: (a) =>
      forward({
        transport: ctx.transport, req: r.req, res: r.res, body, upstream: a.upstream, key: ctx.guardKey(a.upstream, a.key), path: subPath, protocol,
        timeouts: callTimeouts(config),
        decide: a.decide,
      }),
  });
}
