// One answered request as the usage statistics take it (issue 15): built in one place, when the
// answer is finished, from what the response remembers (when it began, the proxy's error code)
// and what the route noted (model asked for and served, upstream, key label, tokens, streamed).
// It is built on the answer's path, right after its end (issue 15: a few µs there cost the bench
// ten times as much): nothing here parses or cleans; the store does that later, in batches.
// The hosts get it as the server's 'request' event and feed their usage store, which cleans every
// field (usage/record.ts buildRecord). Health checks, Claude Code's telemetry and the admin
// endpoints (the dashboard polls one every second) are the proxy's own traffic, not usage.
// The per-request debug line is made from the same record (requestLine).
import type { IncomingMessage } from 'node:http';
import { isAdminPath } from '../gate/admin';
import type { ProxyResponse } from '../listen/response';
import type { Protocol } from '../errors';
import type { RecordInput } from '../usage/record';
import type { TokenCounts } from '../usage/tokens';
import type { RouteRequest } from './context';
import { detectProtocol, ROUTES, type Route } from './table';

/** Whether a route's requests count as usage: not the proxy's own traffic (usage: false) nor an admin endpoint. */
export function routeCounts(route: Route): boolean {
  return route.usage !== false && route.admin === undefined;
}

const NOT_USAGE: ReadonlySet<string> = new Set(ROUTES.filter((r) => !routeCounts(r)).map((r) => r.path));

/**
 * Whether an answered request counts as usage: a route's request by its route (noted when it was
 * dispatched: no lookup by path per request), any other by its path (a query left out): not a
 * route's that does not count, nothing under the admin prefix (a 404 there included).
 */
export function isUsage(url: string | undefined, r?: RouteRequest): boolean {
  if (r !== undefined) return r.counted;
  const path = pathOf(url);
  return !NOT_USAGE.has(path) && !isAdminPath(path);
}

/** The path without its query (never recorded: a Gemini `?key=` lives there). */
function pathOf(url: string | undefined): string {
  const u = url ?? '/';
  const q = u.indexOf('?');
  return q < 0 ? u : u.slice(0, q);
}

export interface AnswerRecord extends RecordInput {
  method: string;
}

/**
 * An answered request. Its token counts are read when asked for: a piped answer's usage block is
 * parsed then (in the store's batch), not on the answer's path. Where they come from stays out of
 * the event's own fields (#tokens).
 */
class AnsweredRequest implements AnswerRecord {
  #tokens: { counts(): TokenCounts | undefined } | TokenCounts | undefined;

  constructor(
    readonly method: string,
    readonly time: number,
    readonly userAgent: string | undefined,
    readonly protocol: Protocol,
    readonly path: string,
    readonly model: string | undefined,
    readonly servedModel: string | undefined,
    readonly upstream: string | undefined,
    readonly keyLabel: string | undefined,
    readonly status: number,
    readonly reason: string | undefined,
    readonly ttfbMs: number | undefined,
    readonly durationMs: number,
    readonly streamed: boolean | undefined,
    tokens: { counts(): TokenCounts | undefined } | TokenCounts | undefined,
  ) {
    this.#tokens = tokens;
  }

  get inputTokens(): number | undefined {
    return this.counts()?.inputTokens;
  }

  get outputTokens(): number | undefined {
    return this.counts()?.outputTokens;
  }

  /** Read once (the store asks for both fields): a scanner parses its last report then. */
  private counts(): TokenCounts | undefined {
    const t = this.#tokens;
    if (t === undefined || !('counts' in t)) return t;
    const c = t.counts();
    this.#tokens = c;
    return c;
  }
}

/** The record of an answered request; `r` when a route took it, `status` what the route reports (else the response's). */
export function answerRecord(req: IncomingMessage, res: ProxyResponse, r: RouteRequest | undefined, status: number | undefined): AnswerRecord {
  const path = r?.path ?? pathOf(req.url);
  return new AnsweredRequest(
    req.method ?? 'GET',
    res.time,
    req.headers['user-agent'],
    r?.protocol ?? detectProtocol(path, req.headers),
    path,
    r?.model,
    r?.servedModel,
    r?.upstream?.config.name,
    r?.keyLabel,
    status ?? res.statusCode,
    res.errorCode,
    res.firstByteAt > 0 ? res.firstByteAt - res.startedAt : undefined,
    performance.now() - res.startedAt,
    r?.streamed,
    r?.usage ?? r?.scanner,
  );
}

/** The per-request debug line: `POST /v1/messages 200 812.4ms upstream=openai model=claude-sonnet-4-5`. */
export function requestLine(e: AnswerRecord): string {
  return `${e.method} ${e.path.slice(0, 300)} ${e.status} ${e.durationMs.toFixed(1)}ms${e.upstream ? ` upstream=${e.upstream}` : ''}${e.model ? ` model=${e.model.slice(0, 200)}` : ''}`;
}
