// What the status bar shows, as a pure function of the proxy's state (unit-tested without VS Code).
// The item is a health indicator: `phase` comes from the server state *and* the periodic /healthz
// check (lifecycle.ts), so a server that stops answering shows the error colour. statusBar.ts puts
// the result on the item. Its only VS Code API is l10n: every word is in the display language,
// the codes (auth modes, reason codes) are not translated. The editor's language models
// (editorModels.ts) add a line listing them, and a waiting VS Code consent dialog shows in the text.
import { l10n } from 'vscode';
import { authModeReason, type EffectiveAuth, type ProxyConfig } from '../proxy';
import type { EditorModelsView } from './editorModels';

export type Phase = 'stopped' | 'starting' | 'running' | 'unhealthy' | 'failed' | 'peer';

export interface StatusInput {
  phase: Phase;
  /** Bound port while running, the configured port otherwise. */
  port: number;
  config: Pick<ProxyConfig, 'authMode' | 'allowLanAccess' | 'credentialPolicy'>;
  effective: EffectiveAuth;
  keyEmpty: boolean;
  /** Why the proxy is not serving (failed / unhealthy), in the display language. */
  error?: string;
  /** The listen error's code (EADDRINUSE: the port is taken). */
  errorCode?: string;
  requests: number;
  rejected: number;
  lastRejection?: { time: string; reason: string; path: string };
  /** inProcess: served inside the host (the editor's models): no URL, no key. */
  upstreams: ReadonlyArray<{ name: string; kind: string; baseUrl: string; hasKey: boolean; inProcess?: boolean }>;
  /** The key pools' view (ProxyServer.poolStatus()): each key's state by label, never the key. */
  keyStates?: ReadonlyArray<{
    name: string;
    keys: ReadonlyArray<{ label: string; state: string; reason?: string; until?: string; lastError?: { status?: number } }>;
  }>;
  editorModels?: EditorModelsView;
}

/** At most this many editor models are named in the tooltip. */
const MODELS_LISTED = 12;

/** The tooltip's line about the editor's models (Markdown). */
function editorModelsLine(v: EditorModelsView): string {
  if (v.state === 'unavailable') return `$(warning) ${l10n.t('Editor language models: unavailable. {0}', mdEscape(v.reason ?? ''))}`;
  if (v.state === 'off') return l10n.t('Editor language models: off (setting {0})', '`antigravity.languageModels.enabled`');
  if (v.models === undefined) return l10n.t('Editor language models: looking…');
  if (v.models.length === 0)
    return l10n.t('Editor language models: none available (install and sign in to an extension that provides chat models, such as GitHub Copilot)');
  const names = v.models.slice(0, MODELS_LISTED).map((m) => `\`${m.id}\``);
  const more = v.models.length > MODELS_LISTED ? ` ${l10n.t('and {0} more', v.models.length - MODELS_LISTED)}` : '';
  return l10n.t('Editor language models ({0}): {1}', v.models.length, names.join(', ') + more);
}

/** VS Code waits for the user to allow a model: one sentence per (model, client). */
function waitingSentences(v: EditorModelsView | undefined): string[] {
  return (v?.waiting ?? []).map((w) =>
    l10n.t('VS Code is waiting for you to allow Antigravity Proxy to use the language model {0} (asked for by {1}): answer its dialog.', w.model, w.client),
  );
}

/** One upstream key's state in words: healthy, cooling until a time (why), or invalid. */
function describeKeyState(k: { label: string; state: string; reason?: string; until?: string; lastError?: { status?: number } }): string {
  if (k.state === 'cooling') {
    const until = k.until ? new Date(k.until).toLocaleTimeString() : '?';
    switch (k.reason) {
      case 'rate_limited':
        return l10n.t('cooling until {0} (rate-limited)', until);
      case 'quota_exhausted':
        return l10n.t('cooling until {0} (quota exhausted)', until);
      case 'upstream_error':
        return l10n.t('cooling until {0} (upstream error)', until);
      default:
        return k.reason ? l10n.t('cooling until {0} ({1})', until, k.reason) : l10n.t('cooling until {0}', until);
    }
  }
  if (k.state === 'invalid') {
    return k.lastError?.status
      ? `$(error) ${l10n.t('rejected by the upstream (HTTP {0}): set a new key', k.lastError.status)}`
      : `$(error) ${l10n.t('rejected by the upstream: set a new key')}`;
  }
  return l10n.t('healthy');
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
  const label = i.effective.mode === 'off' ? l10n.t('no key') : i.effective.mode === 'strict' ? l10n.t('key (strict)') : l10n.t('key');
  return i.config.authMode === 'auto' ? l10n.t('{0}, auto', label) : label;
}

function mdEscape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export function statusView(i: StatusInput): StatusView {
  const warnings: string[] = [];
  if (lanWithoutAuth(i)) warnings.push(l10n.t('LAN access is on and authentication is off: anyone on your network can use your upstream keys.'));
  if (i.effective.mode !== 'off' && i.keyEmpty) warnings.push(l10n.t('Authentication is on but the API key is empty: every request is denied.'));
  const lan = i.config.allowLanAccess ? ` $(globe) ${l10n.t('LAN')}` : '';
  let text: string;
  let color: StatusColor;
  switch (i.phase) {
    case 'stopped':
      text = `$(circle-slash) Antigravity: ${l10n.t('stopped')}`;
      color = undefined; // stopped on purpose: no alarm
      break;
    case 'starting':
      text = `$(sync~spin) Antigravity: ${l10n.t('starting :{0}', i.port)}`;
      color = undefined;
      break;
    case 'running':
      text = `$(radio-tower) Antigravity :${i.port} · ${authLabel(i)}${lan}`;
      color = warnings.length ? 'warning' : undefined;
      if (i.editorModels?.waiting.length) {
        text += ` · $(bell-dot) ${l10n.t('allow model?')}`;
        color = 'warning';
      }
      break;
    case 'peer':
      text = `$(radio-tower) Antigravity :${i.port} · ${l10n.t('other window')}`;
      color = undefined;
      break;
    case 'unhealthy':
      text = `$(error) Antigravity :${i.port} ${l10n.t('not answering')}`;
      color = 'error';
      break;
    case 'failed':
      text = `$(error) Antigravity: ${i.errorCode === 'EADDRINUSE' ? l10n.t('port {0} in use', i.port) : l10n.t('failed')}`;
      color = 'error';
      break;
  }

  const base = `http://127.0.0.1:${i.port}`;
  const lines: string[] = [];
  const state: Record<Phase, string> = {
    stopped: l10n.t('Stopped'),
    starting: l10n.t('Starting…'),
    running: l10n.t('Running on {0}', base),
    unhealthy: l10n.t('Not answering on {0}', base),
    failed: l10n.t('Not serving'),
    peer: l10n.t('Served by another VS Code window on {0} (this window takes over when that one closes)', base),
  };
  lines.push(`**Antigravity Proxy**: ${mdEscape(state[i.phase])}`);
  if (i.error && (i.phase === 'failed' || i.phase === 'unhealthy')) lines.push(`$(error) ${mdEscape(i.error)}`);
  for (const w of warnings) lines.push(`$(warning) ${mdEscape(w)}`);
  for (const w of waitingSentences(i.editorModels)) lines.push(`$(bell-dot) ${mdEscape(w)}`);
  lines.push(l10n.t('Base URL: {0} (OpenAI SDKs and Codex: {1})', `\`${base}\``, `\`${base}/v1\``));
  const reason = authModeReason(i.config.authMode, i.config.allowLanAccess);
  lines.push(l10n.t('Auth: {0} ({1}); credential policy {2}', `**${i.effective.mode}**`, mdEscape(reason), i.config.credentialPolicy));
  lines.push(i.config.allowLanAccess ? l10n.t('LAN access: {0} (all interfaces)', `**${l10n.t('on')}**`) : l10n.t('LAN access: off (loopback only)'));
  if (i.phase === 'running') {
    lines.push(l10n.t('Requests: {0} served, {1} rejected', i.requests, i.rejected));
    lines.push(
      i.lastRejection
        ? l10n.t('Last 401: {0} {1} on {2}', i.lastRejection.time, `\`${i.lastRejection.reason}\``, mdEscape(i.lastRejection.path))
        : l10n.t('Last 401: none'),
    );
  }
  if (i.upstreams.length === 0) lines.push(l10n.t('Upstreams: none configured (setting antigravity.upstreams)'));
  for (const u of i.upstreams) {
    if (u.inProcess) {
      lines.push(l10n.t("Upstream {0} ({1}): the editor's language models", mdEscape(u.name), u.kind));
      continue;
    }
    const pool = i.keyStates?.find((p) => p.name === u.name);
    const keyState = pool && pool.keys.length ? pool.keys.map((k) => describeKeyState(k)).join('; ') : l10n.t('key set');
    const state = u.hasKey ? keyState : `$(warning) ${l10n.t('no key ({0})', mdEscape(l10n.t('Set Upstream API Key…')))}`;
    lines.push(l10n.t('Upstream {0} ({1}, {2}): {3}', mdEscape(u.name), u.kind, mdEscape(u.baseUrl), state));
  }
  if (i.editorModels) lines.push(editorModelsLine(i.editorModels));
  lines.push(l10n.t('Click for actions.'));
  return { text, tooltip: lines.join('\n\n'), color, label: accessibleLabel(i, state[i.phase], warnings), warnings };
}

/** One plain sentence: the state, whether clients need the key, LAN exposure, the warnings. */
function accessibleLabel(i: StatusInput, state: string, warnings: readonly string[]): string {
  const parts = [`Antigravity Proxy: ${state}`];
  if (i.error && (i.phase === 'failed' || i.phase === 'unhealthy')) parts.push(i.error);
  if (i.phase === 'running') parts.push(i.effective.mode === 'off' ? l10n.t('Clients need no API key') : l10n.t('Clients need the API key'));
  if (i.config.allowLanAccess) parts.push(l10n.t('LAN access on'));
  parts.push(...waitingSentences(i.editorModels));
  // Sentences end with "." or, in Chinese, "。": one end mark each, added back by the join.
  const end = l10n.t({ message: '. ', comment: ['What ends one sentence and starts the next in the screen-reader label (Chinese: "。").'] });
  return `${[...parts, ...warnings].map((p) => p.replace(/[.。]+$/, '')).join(end)}${end.trim()}`;
}
