// The proxy's response object (http.createServer's ServerResponse option): a ServerResponse that
// remembers, for the request's usage record (issue 15), when the answer began and the error code
// the proxy answered with. The headers go out exactly once, through writeHead (Node's implicit
// headers on a first write or flushHeaders call it too), so that is the first byte the client got.
import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';

export class ProxyResponse extends ServerResponse<IncomingMessage> {
  /** Epoch ms and performance.now() when the request arrived (Node makes the response then). */
  readonly time = Date.now();
  readonly startedAt = performance.now();
  /** performance.now() when the status line and headers went out; 0 before. */
  firstByteAt = 0;
  /** The proxy's error code, when it answered with one of its own errors (respond.ts sendError). */
  errorCode: string | undefined = undefined;

  override writeHead(
    statusCode: number,
    reason?: string | OutgoingHttpHeaders | OutgoingHttpHeader[],
    headers?: OutgoingHttpHeaders | OutgoingHttpHeader[],
  ): this {
    if (this.firstByteAt === 0) this.firstByteAt = performance.now();
    return super.writeHead(statusCode, reason as string, headers);
  }
}

/** Notes the proxy's error code on the response (a no-op on a plain ServerResponse). */
export function noteErrorCode(res: ServerResponse, code: string): void {
  if (res instanceof ProxyResponse) res.errorCode = code;
}
