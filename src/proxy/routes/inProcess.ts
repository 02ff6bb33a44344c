// A model call served by an in-process provider (providers/inProcess.ts; the editor's own models in
// the VS Code host): the request goes as IR, the answer comes back as IR events and is encoded in
// the client's protocol, streamed or collected whole. A failure before the first event is an HTTP
// status in the client's protocol; after it, an error event in the stream. A client that goes
// away aborts the provider's signal. A refusal for lack of the user's consent (403
// lm_no_permission) is remembered for Diagnose 401.
import { ProxyError } from '../errors';
import { redact } from '../logger';
import { clientLabel } from '../usage/client';
import { sendJson } from '../respond';
import type { InProcessAnswer, InProcessProvider } from '../providers/inProcess';
import type { ClientProtocol } from '../providers/types';
import { eventsToResponse } from '../translate/events';
import { makeId, type IRRequest, type IRStreamEvent } from '../translate/ir';
import { SSE_HEADERS, type SseKeepAlive } from './keepAlive';
import type { RouteContext, RouteRequest } from './context';
import { noteUsage } from './notes';

export async function answerInProcess(
  ctx: RouteContext,
  r: RouteRequest,
  provider: InProcessProvider,
  ir: IRRequest,
  client: ClientProtocol,
  o: { includeUsage: boolean; keepAlive?: SseKeepAlive },
): Promise<number> {
  const { res } = r;
  const abort = new AbortController();
  const onClose = (): void => {
    if (!res.writableFinished) abort.abort();
  };
  res.once('close', onClose);
  const failed = (e: unknown): ProxyError => {
    if (e instanceof ProxyError) return e;
    ctx.logger.warn(`Upstream "${r.upstream?.config.name}" (${provider.kind}) failed: ${e instanceof Error ? e.message : String(e)}`);
    return new ProxyError('upstream_error', `Upstream "${r.upstream?.config.name}" failed to answer; see the proxy log.`);
  };
  try {
    const who = clientLabel(r.req.headers['user-agent']);
    const answer = await provider.chat({ model: ir.model, request: ir, signal: abort.signal, client: who }).catch((e: unknown) => {
      const err = failed(e);
      if (err.code === 'lm_no_permission') {
        const userAgent = String(r.req.headers['user-agent'] ?? '').slice(0, 200);
        ctx.onModelAccessDenied({
          time: new Date().toISOString(),
          upstream: r.upstream?.config.name ?? provider.kind,
          model: ir.model,
          userAgent,
          path: r.path,
        });
      }
      throw err;
    });
    if (abort.signal.aborted) return 499;
    // The model that really answered (the answer's `model` says so too).
    r.servedModel = answer.model;
    if (answer.model !== ir.model) ctx.logger.debug(`Upstream "${r.upstream?.config.name}" answered with model "${answer.model}" (asked for "${ir.model}")`);
    return ir.stream ? await stream(r, answer, client, { ...o, request: ir }, abort.signal, failed) : await whole(r, answer, client, ir, abort.signal, failed);
  } finally {
    res.off('close', onClose);
  }
}

/** The events as they come, the start event naming the model that really serves it. */
async function* served(answer: InProcessAnswer): AsyncGenerator<IRStreamEvent> {
  let first = true;
  for await (const e of answer.events) {
    if (first && e.type !== 'start') yield { type: 'start', id: makeId('msg_'), model: answer.model };
    first = false;
    if (e.type === 'start') yield { ...e, model: answer.model };
    else if (e.type === 'error') yield { ...e, message: redact(e.message) };
    else yield e;
  }
}

async function whole(
  r: RouteRequest,
  answer: InProcessAnswer,
  client: ClientProtocol,
  ir: IRRequest,
  signal: AbortSignal,
  failed: (e: unknown) => ProxyError,
): Promise<number> {
  const events: IRStreamEvent[] = [];
  try {
    for await (const e of served(answer)) {
      if (signal.aborted) return 499;
      events.push(e);
      if (e.type === 'error') break;
    }
  } catch (e) {
    throw failed(e);
  }
  const out = eventsToResponse(events, makeId('msg_'), answer.model);
  // Nothing was sent yet: an error is still an HTTP status in the client's protocol.
  if ('type' in out) throw new ProxyError(out.code ?? 'upstream_error', out.message, { status: out.status });
  noteUsage(r, out.usage);
  sendJson(r.res, client.responseFromIR(out, ir));
  return 200;
}

async function stream(
  r: RouteRequest,
  answer: InProcessAnswer,
  client: ClientProtocol,
  o: { includeUsage: boolean; keepAlive?: SseKeepAlive; request: IRRequest },
  signal: AbortSignal,
  failed: (e: unknown) => ProxyError,
): Promise<number> {
  const { res } = r;
  const encoder = client.streamEncoder({ includeUsage: o.includeUsage, request: o.request });
  // The first event is at hand (chat() resolved on it): the headers go out with it, in one write.
  if (!res.headersSent) res.writeHead(200, SSE_HEADERS);
  try {
    for await (const e of served(answer)) {
      if (signal.aborted) return 499;
      if (o.keepAlive) o.keepAlive.flowing = true;
      if (e.type === 'usage' || e.type === 'start') noteUsage(r, e.usage);
      res.write(encoder.push(e));
      if (e.type === 'error') {
        res.end();
        return e.status;
      }
    }
  } catch (e) {
    // The provider failed mid-answer: say so in the stream, in the client's protocol.
    if (signal.aborted) return 499;
    const err = failed(e);
    res.end(encoder.push({ type: 'error', status: err.status, code: err.code, message: redact(err.message) }));
    return err.status;
  }
  if (signal.aborted) return 499;
  res.end(encoder.end());
  return 200;
}
