// What a model route notes about its answer for the usage record (issue 15), in the route's
// RouteRequest: the upstream and key label the key pool used, and the tokens. Token counts come
// from the answer's own usage report: the IR usage of a translated or in-process answer, or, for
// a piped answer, a UsageScanner fed the bytes as they pass (only while anyone keeps records).
import type { PoolResult } from '../pool/withPool';
import { mergeUsage, type IRUsage } from '../translate/ir';
import { UsageScanner } from '../usage/tokens';
import type { RouteContext, RouteRequest } from './context';

/** The key pool's result: which upstream (a fallback, maybe) and key served; returns its status. */
export function served(r: RouteRequest, out: PoolResult): number {
  r.upstream = out.upstream;
  r.keyLabel = out.keyLabel;
  return out.status;
}

/** A usage report of the answer (a stream's later reports win field by field). */
export function noteUsage(r: RouteRequest, usage: IRUsage | undefined): void {
  if (usage) r.usage = mergeUsage(r.usage, usage);
}

/** The scanner a piped answer feeds, or undefined when nobody keeps records. */
export function scannerFor(ctx: RouteContext, r: RouteRequest): UsageScanner | undefined {
  return ctx.recording() ? (r.scanner ??= new UsageScanner()) : undefined;
}
