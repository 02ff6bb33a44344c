// From an admitted request (gate/index.ts) to its handler, by the route table: a path the table
// does not know is a 404 that lists what it does know, a known path with another method a 405
// with `Allow` from the table. A handler's ProxyError is answered in the client's protocol. Every
// answer ends in ctx.answered (its usage record) once it is finished.
import type { IncomingMessage } from 'node:http';
import type { ProxyResponse } from '../listen/response';
import type { Admitted } from '../gate';
import { sendError } from '../respond';
import type { RouteContext, RouteRequest } from './context';
import { routeCounts } from './record';
import { matchRoute, notFoundMessage } from './table';

export function createDispatcher(ctx: RouteContext): (req: IncomingMessage, res: ProxyResponse, a: Admitted) => void {
  const finish = (r: RouteRequest, status: number): void => ctx.answered(r.req, r.res, r, status);
  return function dispatch(req, res, a) {
    const { method, path, protocol } = a;
    let m;
    try {
      m = matchRoute(method, path);
    } catch (e) {
      ctx.answered(req, res, undefined, ctx.answerError(res, protocol, e, undefined, path));
      return;
    }
    if (!m) {
      sendError(res, protocol, 404, 'not_found', notFoundMessage(method, path));
      ctx.answered(req, res, undefined, 404);
      return;
    }
    if (!m.route) {
      const allow = m.allow.join(', ');
      sendError(res, protocol, 405, 'method_not_allowed', `${method} is not supported on ${path.slice(0, 200)}; use ${m.allow.join(' or ')}.`, { allow });
      ctx.answered(req, res, undefined, 405);
      return;
    }
    const route = m.route;
    // Every field from the start, the ones routes fill in as undefined: one object shape for all
    // requests, so the code that reads them stays monomorphic (bench/README.md).
    const r: RouteRequest = {
      req,
      res,
      inbound: route.protocol,
      protocol,
      method,
      path,
      search: a.search,
      params: m.params,
      started: a.started,
      counted: routeCounts(route),
      upstream: undefined,
      model: undefined,
      servedModel: undefined,
      keyLabel: undefined,
      streamed: undefined,
      usage: undefined,
      scanner: undefined,
    };
    const failed = (e: unknown): void => finish(r, ctx.answerError(res, protocol, e, r.upstream, path));
    let answered: number | Promise<number>;
    try {
      answered = route.handler(ctx, r);
    } catch (e) {
      failed(e);
      return;
    }
    if (typeof answered === 'number') finish(r, answered);
    else answered.then((status) => finish(r, status), failed);
  };
}
