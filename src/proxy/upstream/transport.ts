// One request to an upstream for a translated call: the proxy builds the body, so unlike the
// pass-through it sends only its own headers. Resolves with the upstream's response (any status
// but 401/403) for the caller to read or stream; aborts the upstream work when the client leaves.
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProxyError } from '../errors';
import { upstreamNetworkError } from './errors';
import { authHeaders, type Pools, type Upstream } from './routing';
import { HOP_HEADER, HOP_ID } from '../gate/selfLoop';
import { httpProvider } from '../providers/registry';

export interface UpstreamCall {
  upstream: Upstream;
  key: string | undefined;
  subPath: string;
  body: string;
  pools: Pools;
  timeoutMs: number;
  /** The client's response: when it closes early the upstream request is destroyed. */
  res: ServerResponse;
  stream: boolean;
}

export function callUpstream(c: UpstreamCall): Promise<IncomingMessage> {
  const { upstream } = c;
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/json',
    accept: c.stream ? 'text/event-stream' : 'application/json',
    'content-length': Buffer.byteLength(c.body),
    [HOP_HEADER]: HOP_ID,
    ...httpProvider(upstream.config.kind)?.headers,
    ...authHeaders(upstream.config.kind, c.key),
  };
  return new Promise((resolve, reject) => {
    const upReq = (upstream.protocol === 'https:' ? https : http).request({
      method: 'POST',
      hostname: upstream.hostname,
      port: upstream.port,
      path: upstream.basePath + c.subPath,
      headers,
      agent: c.pools.agentFor(upstream),
    });
    const timer = setTimeout(() => {
      upReq.destroy();
      reject(new ProxyError('upstream_timeout', `Upstream "${upstream.config.name}" did not answer within ${c.timeoutMs} ms.`));
    }, c.timeoutMs);
    const onClose = (): void => {
      if (!c.res.writableFinished) upReq.destroy();
    };
    c.res.once('close', onClose);
    upReq.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(upstreamNetworkError(upstream.config.name, err));
    });
    upReq.once('response', (upRes) => {
      clearTimeout(timer);
      resolve(upRes);
    });
    upReq.end(c.body);
  });
}

/** Reads a whole (non-streamed) upstream answer, bounded. */
export function readAll(res: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (b: Buffer) => {
      size += b.length;
      if (size > limit) {
        res.destroy();
        reject(new ProxyError('upstream_too_large', `The upstream's answer is larger than ${limit} bytes.`));
      } else chunks.push(b);
    });
    res.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.once('error', () => reject(new ProxyError('upstream_unreachable', 'The upstream closed the connection mid-answer.')));
  });
}
