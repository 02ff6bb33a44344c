// What the status bar shows, as a pure function of the proxy's state (unit-tested without VS Code).
// The item is a health indicator: `phase` comes from the server state *and* the periodic /healthz
// check (lifecycle.ts), so a server that stops answering shows the error colour. statusBar.ts puts
// the result on the item.
import type { EffectiveAuth, ProxyConfig } from '../proxy';

export type Phase = 'stopped' | 'starting' | 'running' | 'unhealthy' | 'failed' | 'peer';

export interface StatusInput {
  phase: Phase;
  /** Bound port while running, the configured port otherwise. */
  port: number;
  config: Pick<ProxyConfig, 'authMode' | 'allowLanAccess' | 'credentialPolicy'>;
  effective: EffectiveAuth;
  keyEmpty: boolean;
  /** Why the proxy is not serving (failed / unhealthy). */
  error?: string;
  requests: number;
  rejected: number;
  lastRejection?: { time: string; reason: string; path: string };
  upstreams: ReadonlyArray<{ name: string; kind: string; baseUrl: string; hasKey: boolean }>;
  /** The key pools' view (ProxyServer.poolStatus()): each key's state by label, never the key. */
  keyStates?: ReadonlyArray<{ name: string; keys: ReadonlyArray<{ label: string; state: string; reason?: string; until?: string; lastError?: { status?: number } }> }>;
}

/** One upstream key's state in words: healthy, cooling until a time (why), or invalid. */
function describeKeyState(k: { label: string; state: string; reason?: string; until?: string; lastError?: { status?: number } }): string {
  if (k.state === 'cooling') {
    const why = k.reason === 'rate_limited' ? 'rate-limited' : k.reason === 'quota_exhausted' ? 'quota exhausted' : k.reason === 'upstream_error' ? 'upstream error' : (k.reason ?? '');
    return `cooling until ${k.until ? new Date(k.until).toLocaleTimeString() : '?'}${why ? ` (${why})` : ''}`;
  }
  if (k.state === 'invalid') return `$(error) rejected by the upstream${k.lastError?.status ? ` (HTTP ${k.lastError.status})` : ''}: set a new key`;
  return 'healthy';
}

export type StatusColor = 'warning' | 'error' | undefined;

export interface StatusView {
  text: string;
  /** Markdown. */
  tooltip: string;
  color: StatusColor;
  /** What a screen reader announces for the item (its text is mostly icons and abbreviations). */
  label: string;
  /** Security warnings (also shown in the tooltip). */
  warnings: string[];
}

export function lanWithoutAuth(i: Pick<StatusInput, 'config' | 'effective'>): boolean {
  return i.config.allowLanAccess && i.effective.mode === 'off';
}

function authLabel(i: StatusInput): string {
  const label = i.effective.mode === 'off' ? 'no key' : i.effective.mode === 'strict' ? 'key (strict)' : 'key';
  return i.config.authMode === 'auto' ? `${label}, auto` : label;
}

function mdEscape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export function statusView(i: StatusInput): StatusView {
  const warnings: string[] = [];
  if (lanWithoutAuth(i)) warnings.push('LAN access is on and authentication is off: anyone on your network can use your upstream keys.');
  if (i.effective.mode !== 'off' && i.keyEmpty) warnings.push('Authentication is on but the API key is empty: every request is denied.');
  const lan = i.config.allowLanAccess ? ' $(globe) LAN' : '';
  let text: string;
  let color: StatusColor;
  switch (i.phase) {
    case 'stopped':
      text = '$(circle-slash) Antigravity: stopped';
      color = undefined; // stopped on purpose: no alarm
      break;
    case 'starting':
      text = `$(sync~spin) Antigravity: starting :${i.port}`;
      color = undefined;
      break;
    case 'running':
      text = `$(radio-tower) Antigravity :${i.port} · ${authLabel(i)}${lan}`;
      color = warnings.length ? 'warning' : undefined;
      break;
    case 'peer':
      text = `$(radio-tower) Antigravity :${i.port} · other window`;
      color = undefined;
      break;
    case 'unhealthy':
      text = `$(error) Antigravity :${i.port} not answering`;
      color = 'error';
      break;
    case 'failed':
      text = `$(error) Antigravity: ${i.error && /in use/.test(i.error) ? `port ${i.port} in use` : 'failed'}`;
      color = 'error';
      break;
  }

  const base = `http://127.0.0.1:${i.port}`;
  const lines: string[] = [];
  const state: Record<Phase, string> = {
    stopped: 'Stopped',
    starting: 'Starting…',
    running: `Running on ${base}`,
    unhealthy: `Not answering on ${base}`,
    failed: 'Not serving',
    peer: `Served by another VS Code window on ${base} (this window takes over when that one closes)`,
  };
  lines.push(`**Antigravity Proxy**: ${mdEscape(state[i.phase])}`);
  if (i.error && (i.phase === 'failed' || i.phase === 'unhealthy')) lines.push(`$(error) ${mdEscape(i.error)}`);
  for (const w of warnings) lines.push(`$(warning) ${mdEscape(w)}`);
  lines.push(`Base URL: \`${base}\` (OpenAI SDKs and Codex: \`${base}/v1\`)`);
  lines.push(`Auth: **${i.effective.mode}** (${mdEscape(i.effective.reason)}); credential policy ${i.config.credentialPolicy}`);
  lines.push(`LAN access: ${i.config.allowLanAccess ? '**on** (all interfaces)' : 'off (loopback only)'}`);
  if (i.phase === 'running') {
    lines.push(`Requests: ${i.requests} served, ${i.rejected} rejected`);
    lines.push(i.lastRejection ? `Last 401: ${i.lastRejection.time} \`${i.lastRejection.reason}\` on ${mdEscape(i.lastRejection.path)}` : 'Last 401: none');
  }
  if (i.upstreams.length === 0) lines.push('Upstreams: none configured (setting antigravity.upstreams)');
  for (const u of i.upstreams) {
    const pool = i.keyStates?.find((p) => p.name === u.name);
    const keyState = pool && pool.keys.length ? pool.keys.map((k) => describeKeyState(k)).join('; ') : 'key set';
    lines.push(`Upstream ${mdEscape(u.name)} (${u.kind}, ${mdEscape(u.baseUrl)}): ${u.hasKey ? keyState : '$(warning) no key (Set Upstream API Key…)'}`);
  }
  lines.push('Click for actions.');
  return { text, tooltip: lines.join('\n\n'), color, label: accessibleLabel(i, state[i.phase], warnings), warnings };
}

/** One plain sentence: the state, whether clients need the key, LAN exposure, the warnings. */
function accessibleLabel(i: StatusInput, state: string, warnings: readonly string[]): string {
  const parts = [`Antigravity Proxy: ${state}`];
  if (i.error && (i.phase === 'failed' || i.phase === 'unhealthy')) parts.push(i.error);
  if (i.phase === 'running') parts.push(i.effective.mode === 'off' ? 'Clients need no API key' : 'Clients need the API key');
  if (i.config.allowLanAccess) parts.push('LAN access on');
  return `${[...parts, ...warnings].map((p) => p.replace(/\.+$/, '')).join('. ')}.`;
}
