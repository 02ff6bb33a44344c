// Answering what went wrong with a request, in the client's protocol: a ProxyError with its code,
// status and message (plus an error id the log also has, where the catalogue says so), anything
// else a 500 with only an error id: exception text and stack traces never reach a client. An
// upstream that refused the proxy's key for it is remembered for the diagnosis.
import type { ServerResponse } from 'node:http';
import { hasErrorId, newErrorId, ProxyError, type Protocol } from '../errors';
import type { Logger } from '../logger';
import type { RejectionLog } from '../gate/rejectionLog';
import { PoolExhaustedError } from '../pool/withPool';
import { sendError } from '../respond';
import { UpstreamAuthError } from '../upstream/errors';
import type { Upstream } from '../upstream/routing';

export type AnswerError = (res: ServerResponse, protocol: Protocol, e: unknown, upstream: Upstream | undefined, path: string) => number;

export function createAnswerError(logger: Logger, rejections: RejectionLog): AnswerError {
  const logError = (e: unknown): string => {
    const id = newErrorId();
    logger.error(`${id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return id;
  };
  /** Sends a caught error in the client's protocol; returns the status sent. */
  return function answerError(res, protocol, e, upstream, path) {
    if (!(e instanceof ProxyError)) {
      const id = logError(e);
      sendError(res, protocol, 500, 'internal_error', `The proxy failed to handle this request (error id ${id}); see the proxy log.`);
      return 500;
    }
    // Nobody is listening any more: nothing to send, nothing to log.
    if (e.code === 'client_closed') return e.status;
    if (e.code === 'upstream_auth_failed' && upstream) {
      const status = e instanceof UpstreamAuthError ? e.upstreamStatus : 502;
      rejections.upstreamAuthFailures.push({ time: new Date().toISOString(), upstream: upstream.config.name, status, path });
      // The key pool has already logged each rejected key once (pool/registry.ts).
      if (!(e instanceof PoolExhaustedError)) logger.warn(e.message);
    }
    const message = hasErrorId(e.code) ? `${e.message} (error id ${logError(e)})` : e.message;
    sendError(res, protocol, e.status, e.code, message, e.headers);
    return e.status;
  };
}
