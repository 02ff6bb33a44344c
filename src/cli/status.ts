// `antigravity-proxy status`: asks a running proxy (on this machine) for its upstream key pools
// through GET /_antigravity/status, with the key from the state directory. Output shows key labels
// and states only; the endpoint never returns a key.
import http from 'node:http';
import { type PoolStatus, type UpstreamPoolStatus, type KeyStatus, isLoopbackHost } from '../proxy';

export interface StatusIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

const REASONS: Record<string, string> = {
  rate_limited: 'rate-limited',
  quota_exhausted: 'out of quota',
  upstream_error: 'upstream error',
  rejected: 'rejected',
};

function keyLine(k: KeyStatus): string {
  let state: string = k.state;
  if (k.state === 'cooling') state = `cooling until ${k.until} (in ${k.retryInSeconds} s, ${REASONS[k.reason ?? ''] ?? k.reason})`;
  if (k.state === 'invalid') state = `invalid: ${k.lastError?.message ?? 'rejected by the upstream'}`;
  const last = k.lastError && k.state === 'healthy' ? `, last error ${k.lastError.time}: ${k.lastError.message}` : '';
  return `  ${k.label.padEnd(16)} ${state}  (served ${k.served}, 429s ${k.rateLimited}, failures ${k.failures}${last})\n`;
}

function upstreamBlock(u: UpstreamPoolStatus): string {
  const head = `${u.name} (${u.kind}, ${u.keySelection}${u.fallback.length ? `, fallback ${u.fallback.join(', ')}` : ''})`;
  if (u.keys.length === 0) return `${head}: no API keys (requests go without one)\n`;
  const next = u.nextRecovery ? `; next recovery ${u.nextRecovery}` : '';
  return `${head}: ${u.available} of ${u.keys.length} keys available${next}\n` + u.keys.map(keyLine).join('');
}

export function formatStatus(s: PoolStatus, url: string): string {
  const head = `Antigravity Proxy at ${url}, ${s.time}\n`;
  if (s.upstreams.length === 0) return head + 'No upstream is configured.\n';
  return head + s.upstreams.map(upstreamBlock).join('');
}

/** node:http rather than fetch: fetch refuses some ports outright (the Fetch standard's "bad ports"). */
function get(url: URL, key: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { authorization: `Bearer ${key}` }, agent: false, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
  });
}

/** Exit code 0 when the status was shown, 1 when the proxy could not be asked. */
export async function showStatus(url: string, key: string, json: boolean, io: StatusIo): Promise<number> {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    io.err(`antigravity-proxy: --url ${url} is not a URL\n`);
    return 2;
  }
  const host = base.hostname.replace(/^\[(.*)\]$/, '$1');
  // The key goes in the request: only to a proxy on this machine (the endpoint is loopback-only anyway).
  if (!isLoopbackHost(host)) {
    io.err(`antigravity-proxy: status only asks a proxy on this machine (127.0.0.1, ::1 or localhost), not ${host}\n`);
    return 2;
  }
  let res: { status: number; text: string };
  try {
    res = await get(new URL('/_antigravity/status', base), key);
  } catch (e) {
    io.err(`antigravity-proxy: no proxy answers at ${base.origin} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Is it running (antigravity-proxy start), and on this port?\n`);
    return 1;
  }
  const text = res.text;
  if (res.status !== 200) {
    let message = text.slice(0, 500);
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
    } catch {
      /* not JSON: show the start of the text */
    }
    const hint = res.status === 401 ? ' (is --state-dir the running proxy\'s state directory?)' : '';
    io.err(`antigravity-proxy: ${base.origin} answered HTTP ${res.status}: ${message}${hint}\n`);
    return 1;
  }
  if (json) {
    io.out(text.endsWith('\n') ? text : text + '\n');
    return 0;
  }
  io.out(formatStatus(JSON.parse(text) as PoolStatus, base.origin));
  return 0;
}
