// The configuration snapshot both hosts hand to the core. The core never reads settings, files or
// the environment itself: a host builds a snapshot and replaces it whenever anything changes, and
// the core reads the current snapshot per request (live configuration, no restart).
import { PROVIDERS, type HttpKind } from './providers/registry';

export type AuthMode = 'off' | 'strict' | 'all_except_health' | 'auto';
export type EffectiveAuthMode = Exclude<AuthMode, 'auto'>;
export type CredentialPolicy = 'first' | 'any';
/** The upstream kinds reached over HTTP: one folder each under providers/ (providers/registry.ts). */
export type UpstreamKind = HttpKind;
export type KeySelection = 'round-robin' | 'sticky';

export const AUTH_MODES: readonly AuthMode[] = ['off', 'strict', 'all_except_health', 'auto'];
export const CREDENTIAL_POLICIES: readonly CredentialPolicy[] = ['first', 'any'];
export const UPSTREAM_KINDS: readonly UpstreamKind[] = Object.keys(PROVIDERS) as UpstreamKind[];
export const KEY_SELECTIONS: readonly KeySelection[] = ['round-robin', 'sticky'];

/** A kind reached over HTTP (with a URL and keys), as opposed to a host's in-process kind. */
export function isHttpKind(kind: string): kind is UpstreamKind {
  return (UPSTREAM_KINDS as readonly string[]).includes(kind);
}

/**
 * A base URL with its kind's API root when it gives only the host (the Anthropic and Google SDKs
 * take a bare host; the proxy wants the API root), without a trailing slash.
 */
export function apiBase(url: URL, kind: UpstreamKind): string {
  const root = PROVIDERS[kind].apiRoot;
  if (url.pathname === '/' && root) url.pathname = root;
  return url.toString().replace(/\/+$/, '');
}

/**
 * Upstream kinds that only a host provides in-process (providers/inProcess.ts), and which host:
 * a configuration naming one where no such provider is registered is told where it exists.
 */
const IN_PROCESS_KIND_HOSTS: Readonly<Record<string, string>> = {
  'vscode-lm': "the VS Code extension (it serves the editor's own language models)",
};

export interface UpstreamConfig {
  /** A unique, human-readable name: shown in logs, /v1/models and errors. */
  name: string;
  /** An HTTP kind (UPSTREAM_KINDS), or the kind of an in-process provider the host registered. */
  kind: UpstreamKind | (string & {});
  /**
   * The API root: https://api.openai.com/v1, https://api.anthropic.com/v1,
   * https://generativelanguage.googleapis.com/v1beta (a bare Anthropic/Gemini host gets its root).
   * "" for an in-process upstream.
   */
  baseUrl: string;
  /** Resolved upstream API keys. Held in memory only; never logged or written by the core. */
  apiKeys: string[];
  /** Model-name patterns this upstream serves (`*` matches any run of characters). */
  models: string[];
  /** Labels shown for apiKeys (same order): a configured name or env var, never the key. */
  keyLabels?: string[];
  /** How requests spread over the keys (README "Key pools and rate limits"). */
  keySelection?: KeySelection;
  /** Upstreams (by name) tried in order when this one has no usable key. */
  fallback?: string[];
  /**
   * OpenAI-compatible upstreams: how Responses API requests (Codex) reach it. `native`: forwarded
   * to its /responses as they are; `translate`: as chat completions (Ollama, vLLM, LM Studio,
   * DeepSeek have no Responses API); `auto` (default): native, until it answers /responses with
   * 404 or 405, then translated from that request on.
   */
  responsesApi?: ResponsesApi;
}

export const RESPONSES_API_MODES = ['auto', 'native', 'translate'] as const;
export type ResponsesApi = (typeof RESPONSES_API_MODES)[number];

export interface ProxyConfig {
  port: number;
  authMode: AuthMode;
  allowLanAccess: boolean;
  credentialPolicy: CredentialPolicy;
  upstreams: UpstreamConfig[];
  /** Largest request body accepted, in bytes (Antigravity Tools: 100 MiB). */
  maxBodyBytes: number;
  /** How long the merged /v1/models answer is reused. */
  modelsCacheMs: number;
  /** Time allowed to connect to an upstream and receive its response headers. */
  upstreamTimeoutMs: number;
  /** Time allowed to open a new connection (TCP and TLS) to an upstream. */
  upstreamConnectTimeoutMs: number;
  /** Longest silence allowed between two pieces of an upstream answer once it has started. */
  upstreamIdleTimeoutMs: number;
  /** Longest a whole upstream call may take, connection to last byte; 0 turns the limit off. */
  upstreamTotalTimeoutMs: number;
  /**
   * Browser origins allowed besides the loopback ones (exact, e.g. "https://app.example.com").
   * VS Code: antigravity.cors.allowedOrigins. See gate/hostOrigin.ts.
   */
  corsAllowedOrigins: string[];
  /** Host names accepted with LAN access on, besides this machine's own addresses (gate/hostOrigin.ts). */
  allowedHosts: string[];
  /**
   * Model name rewrites applied before routing, e.g. {"claude-sonnet-*": "gpt-5"}: keys are exact
   * names or `*` patterns (the most specific match wins), values the model asked of the upstream.
   */
  modelAliases: Record<string, string>;
  /** The upstream (by name) that serves models no upstream's patterns match; none when unset. */
  defaultUpstream?: string;
  /** Interval of SSE `: ping` comments while a stream waits on the upstream; 0 turns them off. */
  sseKeepAliveMs: number;
  /**
   * Limits against exhausting the process (issue 12; listen/limits.ts, routes/bodyBudget.ts):
   * connections open at once (network peers together get at most half), connections of one
   * network address, the time to receive a request's headers and the whole request, and the
   * request body bytes held in memory at once across all requests.
   */
  maxConnections: number;
  maxConnectionsPerPeer: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxBufferedBodyBytes: number;
}

export const DEFAULT_PORT = 8045;

export const DEFAULT_CONFIG: Readonly<ProxyConfig> = Object.freeze({
  port: DEFAULT_PORT,
  authMode: 'auto',
  allowLanAccess: false,
  credentialPolicy: 'first',
  upstreams: [],
  maxBodyBytes: 100 * 1024 * 1024,
  modelsCacheMs: 60_000,
  upstreamTimeoutMs: 600_000,
  upstreamConnectTimeoutMs: 10_000,
  upstreamIdleTimeoutMs: 300_000,
  upstreamTotalTimeoutMs: 3_600_000,
  corsAllowedOrigins: [],
  allowedHosts: [],
  modelAliases: {},
  sseKeepAliveMs: 10_000,
  // Measured (README "Limits"): about 2 file descriptors per connection (the client's and the
  // upstream's sockets), and a translated request holds about 5.5 times its body in memory.
  maxConnections: 512,
  maxConnectionsPerPeer: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  maxBufferedBodyBytes: 256 * 1024 * 1024,
});

export interface EffectiveAuth {
  mode: EffectiveAuthMode;
  /** One sentence: why this is the effective mode (the seed's `auto` table). */
  reason: string;
}

/** The seed's effective-mode table: `auto` depends on LAN access, the others are themselves. */
export function effectiveAuthMode(mode: AuthMode, allowLanAccess: boolean): EffectiveAuth {
  if (mode !== 'auto') return { mode, reason: `authMode is "${mode}"` };
  return allowLanAccess
    ? { mode: 'all_except_health', reason: 'authMode "auto" with LAN access on requires a key (except /healthz)' }
    : { mode: 'off', reason: 'authMode "auto" with LAN access off needs no key (loopback only)' };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/**
 * An allowed browser origin, lower-cased and without a trailing slash. "*" and "null" are refused:
 * either would let any web page (or a sandboxed one) drive the proxy (issue 7).
 */
export function normalizeOrigin(o: string, what: string): string {
  const t = o.trim().replace(/\/+$/, '').toLowerCase();
  if (t === '*' || t === 'null') throw new ConfigError(`${what}: "${t}" is not allowed; list exact origins such as "https://app.example.com"`);
  // scheme://host[:port], any scheme: desktop apps send origins such as app://obsidian.md.
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s@*]+$/.test(t)) {
    throw new ConfigError(`${what}: "${o}" must be an origin, scheme://host[:port] only, such as "https://app.example.com"`);
  }
  return t;
}

/** A host name or address users list for LAN access: lower-cased, IPv6 in brackets, no port. */
export function normalizeHostName(h: string, what: string): string {
  let t = h.trim().toLowerCase();
  if (t.includes(':') && !t.startsWith('[')) t = `[${t}]`;
  if (t === '' || t.includes('*') || !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/.test(t)) {
    throw new ConfigError(`${what}: "${h}" must be a host name or address without port or wildcard, such as "mybox.lan" or "192.168.1.20"`);
  }
  return t;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, what: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new ConfigError(`${what} must be a list of strings`);
  return v as string[];
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], what: string, fallback: T): T {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw new ConfigError(`${what} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  return v as T;
}

function positiveInt(v: unknown, what: string, fallback: number, min = 1): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ConfigError(`${what} must be an integer >= ${min}`);
  return v;
}

export function parsePort(v: unknown, what = 'port'): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(`${what} must be an integer from 0 to 65535`);
  }
  return n;
}

/** Turns a model pattern list entry into a RegExp (`*` = any run of characters). */
export function modelPattern(p: string): RegExp {
  const body = p
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

export interface NormalizeOptions {
  /** Kinds of the in-process providers this host registers (ProxyServerOptions.inProcessProviders). */
  inProcessKinds?: readonly string[];
}

function normalizeUpstream(raw: unknown, i: number, env: Env, o: NormalizeOptions): UpstreamConfig {
  const where = `upstreams[${i}]`;
  if (!isRecord(raw)) throw new ConfigError(`${where} must be an object`);
  const name = raw.name === undefined ? `upstream-${i + 1}` : raw.name;
  if (typeof name !== 'string' || name.trim() === '') throw new ConfigError(`${where}.name must be a non-empty string`);
  const models = stringList(raw.models, `${where}.models`);
  const keySelection = oneOf(raw.keySelection, KEY_SELECTIONS, `${where}.keySelection`, 'round-robin');
  const fallback = stringList(raw.fallback, `${where}.fallback`);
  if (typeof raw.kind === 'string' && !isHttpKind(raw.kind)) {
    // An in-process provider's upstream: no URL, no keys; its provider picks the model. `models: []`
    // (said, not left out) means the ids its provider offers only (README "Routing").
    if (o.inProcessKinds?.includes(raw.kind))
      return { name, kind: raw.kind, baseUrl: '', apiKeys: [], models: models.length || raw.models !== undefined ? models : ['*'], keySelection, fallback };
    const host = IN_PROCESS_KIND_HOSTS[raw.kind];
    if (host) throw new ConfigError(`${where}.kind "${raw.kind}" exists only in ${host}, not here; use "${UPSTREAM_KINDS.join('", "')}" with a baseUrl`);
  }
  const kind = oneOf(raw.kind, UPSTREAM_KINDS, `${where}.kind`, 'openai');
  if (typeof raw.baseUrl !== 'string') throw new ConfigError(`${where}.baseUrl is required (for example "https://api.openai.com/v1")`);
  let url: URL;
  try {
    url = new URL(raw.baseUrl);
  } catch {
    throw new ConfigError(`${where}.baseUrl is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${where}.baseUrl must be http: or https:`);
  if (url.username || url.password) throw new ConfigError(`${where}.baseUrl must not contain credentials; use apiKeys or apiKeyEnv`);
  const { apiKeys, keyLabels } = upstreamKeys(raw, where, env);
  const responsesApi = oneOf(raw.responsesApi, RESPONSES_API_MODES, `${where}.responsesApi`, 'auto');
  return {
    name,
    kind,
    baseUrl: apiBase(url, kind),
    apiKeys,
    models: models.length ? models : ['*'],
    keyLabels,
    keySelection,
    fallback,
    ...(responsesApi !== 'auto' ? { responsesApi } : {}),
  };
}

/**
 * An upstream's keys and their labels: `apiKeys` entries are strings or {"name", "key"} objects;
 * `apiKeyEnv` is one environment variable name or a list (unset ones are skipped). A string key is
 * labelled by its last four characters, an env key by the variable's name.
 */
function upstreamKeys(raw: Record<string, unknown>, where: string, env: Env): { apiKeys: string[]; keyLabels: string[] } {
  const apiKeys: string[] = [];
  const keyLabels: string[] = [];
  const add = (key: string, label: string | undefined): void => {
    if (key.trim() === '') return;
    apiKeys.push(key);
    keyLabels.push(label ?? defaultKeyLabel(key, apiKeys.length - 1));
  };
  if (raw.apiKeys !== undefined && !Array.isArray(raw.apiKeys)) throw new ConfigError(`${where}.apiKeys must be a list`);
  for (const [i, k] of ((raw.apiKeys as unknown[] | undefined) ?? []).entries()) {
    if (typeof k === 'string') add(k, undefined);
    else if (isRecord(k) && typeof k.key === 'string' && (k.name === undefined || typeof k.name === 'string'))
      add(k.key, typeof k.name === 'string' && k.name.trim() !== '' ? k.name.trim() : undefined);
    else throw new ConfigError(`${where}.apiKeys[${i}] must be a string or {"name": "...", "key": "..."}`);
  }
  const envNames = typeof raw.apiKeyEnv === 'string' ? [raw.apiKeyEnv] : raw.apiKeyEnv;
  if (envNames !== undefined && (!Array.isArray(envNames) || envNames.some((n) => typeof n !== 'string'))) {
    throw new ConfigError(`${where}.apiKeyEnv must be the name of an environment variable, or a list of names`);
  }
  for (const n of (envNames as string[] | undefined) ?? []) {
    const v = env[n];
    if (v) add(v, n);
  }
  return { apiKeys, keyLabels };
}

/** The last four characters of a long key, else its position: identifies a key without revealing it. */
export function defaultKeyLabel(key: string, index: number): string {
  return key.length >= 16 ? `…${key.slice(-4)}` : `key #${index + 1}`;
}

/**
 * Validates a raw config object (a JSON file, VS Code settings) into a snapshot. Unknown keys are
 * ignored so that a newer config file still works with an older proxy.
 */
export function normalizeConfig(raw: unknown, env: Env = {}, o: NormalizeOptions = {}): ProxyConfig {
  if (raw === undefined || raw === null) raw = {};
  if (!isRecord(raw)) throw new ConfigError('the configuration must be a JSON object');
  const upstreamsRaw = raw.upstreams === undefined ? [] : raw.upstreams;
  if (!Array.isArray(upstreamsRaw)) throw new ConfigError('upstreams must be a list');
  const upstreams = upstreamsRaw.map((u, i) => normalizeUpstream(u, i, env, o));
  const names = new Set<string>();
  for (const u of upstreams) {
    if (names.has(u.name)) throw new ConfigError(`two upstreams are named "${u.name}"`);
    names.add(u.name);
  }
  for (const u of upstreams) {
    for (const f of u.fallback ?? []) {
      if (f === u.name || !names.has(f)) throw new ConfigError(`upstream "${u.name}": fallback "${f}" must name another configured upstream`);
    }
  }
  if (raw.allowLanAccess !== undefined && typeof raw.allowLanAccess !== 'boolean') throw new ConfigError('allowLanAccess must be true or false');
  const modelAliases = aliasMap(raw.modelAliases);
  if (raw.defaultUpstream !== undefined && (typeof raw.defaultUpstream !== 'string' || !names.has(raw.defaultUpstream))) {
    throw new ConfigError(`defaultUpstream must be the name of a configured upstream (${[...names].map((n) => `"${n}"`).join(', ') || 'none configured'})`);
  }
  return {
    port: raw.port === undefined ? DEFAULT_PORT : parsePort(raw.port),
    authMode: oneOf(raw.authMode, AUTH_MODES, 'authMode', DEFAULT_CONFIG.authMode),
    allowLanAccess: raw.allowLanAccess === true,
    credentialPolicy: oneOf(raw.credentialPolicy, CREDENTIAL_POLICIES, 'credentialPolicy', DEFAULT_CONFIG.credentialPolicy),
    upstreams,
    maxBodyBytes: positiveInt(raw.maxBodyBytes, 'maxBodyBytes', DEFAULT_CONFIG.maxBodyBytes),
    modelsCacheMs: positiveInt(raw.modelsCacheMs, 'modelsCacheMs', DEFAULT_CONFIG.modelsCacheMs, 0),
    upstreamTimeoutMs: positiveInt(raw.upstreamTimeoutMs, 'upstreamTimeoutMs', DEFAULT_CONFIG.upstreamTimeoutMs),
    upstreamConnectTimeoutMs: positiveInt(raw.upstreamConnectTimeoutMs, 'upstreamConnectTimeoutMs', DEFAULT_CONFIG.upstreamConnectTimeoutMs),
    upstreamIdleTimeoutMs: positiveInt(raw.upstreamIdleTimeoutMs, 'upstreamIdleTimeoutMs', DEFAULT_CONFIG.upstreamIdleTimeoutMs),
    upstreamTotalTimeoutMs: positiveInt(raw.upstreamTotalTimeoutMs, 'upstreamTotalTimeoutMs', DEFAULT_CONFIG.upstreamTotalTimeoutMs, 0),
    corsAllowedOrigins: stringList(raw.corsAllowedOrigins, 'corsAllowedOrigins').map((o) => normalizeOrigin(o, 'corsAllowedOrigins')),
    allowedHosts: stringList(raw.allowedHosts, 'allowedHosts').map((h) => normalizeHostName(h, 'allowedHosts')),
    modelAliases,
    ...(typeof raw.defaultUpstream === 'string' ? { defaultUpstream: raw.defaultUpstream } : {}),
    sseKeepAliveMs: positiveInt(raw.sseKeepAliveMs, 'sseKeepAliveMs', DEFAULT_CONFIG.sseKeepAliveMs, 0),
    ...limits(raw),
  };
}

/** The limits (issue 12), checked together: a request's whole time cannot be shorter than its headers'. */
function limits(
  raw: Record<string, unknown>,
): Pick<ProxyConfig, 'maxConnections' | 'maxConnectionsPerPeer' | 'headersTimeoutMs' | 'requestTimeoutMs' | 'maxBufferedBodyBytes'> {
  const out = {
    maxConnections: positiveInt(raw.maxConnections, 'maxConnections', DEFAULT_CONFIG.maxConnections, 2),
    maxConnectionsPerPeer: positiveInt(raw.maxConnectionsPerPeer, 'maxConnectionsPerPeer', DEFAULT_CONFIG.maxConnectionsPerPeer),
    headersTimeoutMs: positiveInt(raw.headersTimeoutMs, 'headersTimeoutMs', DEFAULT_CONFIG.headersTimeoutMs, 1000),
    requestTimeoutMs: positiveInt(raw.requestTimeoutMs, 'requestTimeoutMs', DEFAULT_CONFIG.requestTimeoutMs, 1000),
    maxBufferedBodyBytes: positiveInt(raw.maxBufferedBodyBytes, 'maxBufferedBodyBytes', DEFAULT_CONFIG.maxBufferedBodyBytes, 1024),
  };
  if (out.requestTimeoutMs < out.headersTimeoutMs)
    throw new ConfigError(
      `requestTimeoutMs (${out.requestTimeoutMs}) must be at least headersTimeoutMs (${out.headersTimeoutMs}): the whole request includes its headers`,
    );
  return out;
}

function aliasMap(v: unknown): Record<string, string> {
  if (v === undefined) return {};
  if (!isRecord(v) || Object.values(v).some((t) => typeof t !== 'string' || t === '')) {
    throw new ConfigError('modelAliases must map model names or patterns to model names, e.g. {"claude-sonnet-*": "gpt-5"}');
  }
  return { ...(v as Record<string, string>) };
}
