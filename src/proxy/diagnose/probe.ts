// The diagnosis' own HTTP client: one GET, a timeout, no retries, no connection reuse (a probe must
// see what a fresh client sees). node:http rather than fetch: exact control over the headers sent.
import http from 'node:http';
import { VERSION } from '../version';

/** Sent by every probe, so the engine can leave its own requests out of "recent rejections". */
export const DIAGNOSE_USER_AGENT = `antigravity-proxy-diagnose/${VERSION}`;

export type ProbeResult = { ok: true; status: number; headers: http.IncomingHttpHeaders; body: string } | { ok: false; error: string };

const MAX_BODY = 4 * 1024 * 1024;

export function probe(url: string, headers: Record<string, string> = {}, timeoutMs = 3000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: ProbeResult): void => {
      if (!done) {
        done = true;
        resolve(r);
      }
    };
    let req: http.ClientRequest;
    try {
      req = http.request(
        url,
        { method: 'GET', agent: false, headers: { 'user-agent': DIAGNOSE_USER_AGENT, accept: 'application/json', ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= MAX_BODY) chunks.push(c);
          });
          res.on('end', () => finish({ ok: true, status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e: NodeJS.ErrnoException) => finish({ ok: false, error: e.code ?? 'ERROR' }));
        },
      );
    } catch (e) {
      finish({ ok: false, error: (e as NodeJS.ErrnoException).code ?? 'ERR_INVALID_URL' });
      return;
    }
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => finish({ ok: false, error: e.code ?? 'ERROR' }));
    req.end();
  });
}

/** The parsed JSON body, or undefined. */
export function jsonOf(r: ProbeResult): unknown {
  if (!r.ok) return undefined;
  try {
    return JSON.parse(r.body);
  } catch {
    return undefined;
  }
}

/** The error message of an error body in any of the three protocols' shapes. */
export function errorMessageOf(r: ProbeResult): string | undefined {
  const j = jsonOf(r) as { error?: { message?: unknown } } | undefined;
  return typeof j?.error?.message === 'string' ? j.error.message : undefined;
}

export { isLoopbackHost } from '../loopback';

/** Does this answer come from an Antigravity Proxy (its health JSON, or one of its 401s)? */
export function isOurs(r: ProbeResult): boolean {
  if (!r.ok) return false;
  if (r.headers['x-antigravity-auth'] !== undefined) return true;
  const j = jsonOf(r) as { service?: unknown } | undefined;
  return j?.service === 'antigravity-proxy';
}
