// `antigravity-proxy status`: asks a running proxy (on this machine) for its upstream key pools
// through GET /_antigravity/status, with the key from the state directory. Output shows key labels
// and states only; the endpoint never returns a key.
import { type PoolStatus, type UpstreamPoolStatus, type KeyStatus } from '../proxy';
import { adminTarget, askAdmin } from './admin';

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

/** Exit code 0 when the status was shown, 1 when the proxy could not be asked, 2 for a usage error. */
export async function showStatus(values: Record<string, string | boolean | undefined>, env: Record<string, string | undefined>, io: StatusIo): Promise<number> {
  const t = adminTarget(values, env, 'status');
  if (typeof t === 'string') {
    io.err(`antigravity-proxy: ${t}\n`);
    return 2;
  }
  if (t.key === undefined) {
    io.err(`antigravity-proxy: no key file in ${t.stateDir}; pass the running proxy's --state-dir\n`);
    return 2;
  }
  const res = await askAdmin(t, '/_antigravity/status', io.err);
  if (!res) return 1;
  if (values.json === true) {
    io.out(res.text.endsWith('\n') ? res.text : res.text + '\n');
    return 0;
  }
  io.out(formatStatus(JSON.parse(res.text) as PoolStatus, t.base.origin));
  return 0;
}
