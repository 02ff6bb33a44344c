// From an admitted request (gate/index.ts) to its handler, by the route table: a path the table
// does not know is a 404 that lists what it does know, a known path with another method a 405
// with `Allow` from the table. A handler's ProxyError is answered in the client's protocol; model
// routes end with the per-request debug line (the core's, through its redacting logger: the hosts
// format none of their own, issue 12) and a 'request' event for the hosts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Admitted } from '../gate';
import { sendError } from '../respond';
import type { RequestEvent, RouteContext, RouteRequest } from './context';
import { matchRoute, notFoundMessage, type Route } from './table';

/** The per-request debug line: `POST /v1/messages 200 812.4ms upstream=openai model=claude-sonnet-4-5`. */
export function requestLine(e: RequestEvent): string {
  return `${e.method} ${e.path.slice(0, 300)} ${e.status} ${e.durationMs.toFixed(1)}ms${e.upstream ? ` upstream=${e.upstream}` : ''}${e.model ? ` model=${e.model.slice(0, 200)}` : ''}`;
}

export function createDispatcher(ctx: RouteContext): (req: IncomingMessage, res: ServerResponse, a: Admitted) => void {
  const finish = (r: RouteRequest, route: Route, status: number): void => {
    if (!route.model) return;
    const ev = { method: r.method, path: r.path, status, durationMs: performance.now() - r.started, upstream: r.upstream?.config.name, model: r.model };
    if (ctx.logger.enabled?.('debug') !== false) ctx.logger.debug(requestLine(ev));
    try {
      ctx.onRequest(ev);
    } catch (e) {
      // A faulty 'request' listener must not take the process (or the extension host) down.
      ctx.logger.error(`A 'request' event listener failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  };
  return function dispatch(req, res, a) {
    const { method, path, protocol } = a;
    let m;
    try {
      m = matchRoute(method, path);
    } catch (e) {
      ctx.answerError(res, protocol, e, undefined, path);
      return;
    }
    if (!m) {
      sendError(res, protocol, 404, 'not_found', notFoundMessage(method, path));
      return;
    }
    if (!m.route) {
      const allow = m.allow.join(', ');
      sendError(res, protocol, 405, 'method_not_allowed', `${method} is not supported on ${path.slice(0, 200)}; use ${m.allow.join(' or ')}.`, { allow });
      return;
    }
    const route = m.route;
    const r: RouteRequest = { req, res, inbound: route.protocol, protocol, method, path, search: a.search, params: m.params, started: a.started };
    const failed = (e: unknown): void => finish(r, route, ctx.answerError(res, protocol, e, r.upstream, path));
    let answered: number | Promise<number>;
    try {
      answered = route.handler(ctx, r);
    } catch (e) {
      failed(e);
      return;
    }
    if (typeof answered === 'number') finish(r, route, answered);
    else answered.then((status) => finish(r, route, status), failed);
  };
}
