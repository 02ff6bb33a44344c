// One answered request as the usage statistics take it (issue 15): built in one place, when the
// answer is finished, from what the response remembers (when it began, the proxy's error code)
// and what the route noted (model asked for and served, upstream, key label, tokens, streamed).
// The hosts get it as the server's 'request' event and feed their usage store, which cleans every
// field (usage/record.ts buildRecord). Health checks, Claude Code's telemetry and the admin
// endpoints (the dashboard polls one every second) are the proxy's own traffic, not usage.
// The per-request debug line is made from the same record (requestLine).
import type { IncomingMessage } from 'node:http';
import { isAdminPath } from '../gate/admin';
import type { ProxyResponse } from '../listen/response';
import type { RecordInput } from '../usage/record';
import type { RouteRequest } from './context';
import { detectProtocol, ROUTES } from './table';

const NOT_USAGE: ReadonlySet<string> = new Set(ROUTES.filter((r) => r.usage === false).map((r) => r.path));

/** Whether a request for `url` (a path, maybe with a query) counts as usage. */
export function isUsage(url: string | undefined): boolean {
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

/** The record of an answered request; `r` when a route took it, `status` what the route reports (else the response's). */
export function answerRecord(req: IncomingMessage, res: ProxyResponse, r: RouteRequest | undefined, status: number | undefined): AnswerRecord {
  const path = r?.path ?? pathOf(req.url);
  const tokens = r?.usage ?? r?.scanner?.counts();
  return {
    method: req.method ?? 'GET',
    time: res.time,
    userAgent: req.headers['user-agent'],
    protocol: r?.protocol ?? detectProtocol(path, req.headers),
    path,
    model: r?.model,
    servedModel: r?.servedModel,
    upstream: r?.upstream?.config.name,
    keyLabel: r?.keyLabel,
    status: status ?? res.statusCode,
    reason: res.errorCode,
    ttfbMs: res.firstByteAt > 0 ? res.firstByteAt - res.startedAt : undefined,
    durationMs: performance.now() - res.startedAt,
    inputTokens: tokens?.inputTokens,
    outputTokens: tokens?.outputTokens,
    streamed: r?.streamed,
  };
}

/** The per-request debug line: `POST /v1/messages 200 812.4ms upstream=openai model=claude-sonnet-4-5`. */
export function requestLine(e: AnswerRecord): string {
  return `${e.method} ${e.path.slice(0, 300)} ${e.status} ${e.durationMs.toFixed(1)}ms${e.upstream ? ` upstream=${e.upstream}` : ''}${e.model ? ` model=${e.model.slice(0, 200)}` : ''}`;
}
