// VS Code settings plus SecretStorage -> the core's configuration snapshot, in one function
// (loadConfig) that runs at startup and after every change. Pure (no `vscode` import): the host
// passes a getter over `workspace.getConfiguration('antigravity')` and SecretStorage's `get`, so
// the mapping is unit-tested as is.
//
// Upstream keys never come from settings: settings.json files get synced, committed and shared.
// Only the non-secret fields are copied from each upstream entry; keys come from SecretStorage.
//
// The editor's language models (issue 13): with antigravity.languageModels.enabled on and an
// editor that has the Language Model API, an implicit upstream of kind `vscode-lm` is added when
// no upstream of that kind is configured. Alone, it serves every model name; next to configured
// upstreams, only the ids of the editor's models (`models: []`), after exact names and before
// patterns (README "The editor's language models").
import { isHttpKind, normalizeConfig, type ProxyConfig, type UpstreamConfig } from '../proxy';
import { upstreamSecretName } from './secretsNames';

/** The settings section: every setting is `antigravity.<key>`. */
export const SECTION = 'antigravity';

/** Every setting the extension reads (the drift test checks each is declared in package.json). */
export const SETTING_KEYS = [
  'port',
  'authMode',
  'allowLanAccess',
  'credentialPolicy',
  'upstreams',
  'autoStart',
  'cors.allowedOrigins',
  'allowedHosts',
  'modelAliases',
  'defaultUpstream',
  'languageModels.enabled',
  'languageModels.defaultModel',
  'limits.maxConnections',
  'limits.maxConnectionsPerPeer',
  'limits.headersTimeoutMs',
  'limits.requestTimeoutMs',
  'limits.maxBufferedBodyBytes',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** The settings a workspace may set: none of them decides who reaches the proxy or where prompts go. */
const WORKSPACE_SETTINGS: readonly SettingKey[] = ['autoStart'];

/**
 * Settings that decide who can reach the proxy or where prompts and keys are sent, and who can
 * hold its connections and memory (limits.*, issue 12): every setting but WORKSPACE_SETTINGS, so a
 * new setting is protected unless it is added there. They are declared with a scope a workspace
 * cannot set (machine), so a cloned repository's .vscode/settings.json cannot open the proxy to
 * the LAN, turn auth off, or redirect an upstream.
 */
export const PROTECTED_SETTINGS: readonly SettingKey[] = SETTING_KEYS.filter((k) => !WORKSPACE_SETTINGS.includes(k));

export type SettingsGetter = (key: SettingKey) => unknown;

/** The upstream kind of the editor's language models (src/extension/lm). */
export const LM_KIND = 'vscode-lm';

/** The settings of the editor's language models (antigravity.languageModels.*). */
export interface LanguageModelSettings {
  enabled: boolean;
  /** The model for names that match no editor model's family; undefined: the most capable one. */
  defaultModel?: string;
}

export function languageModelSettings(get: SettingsGetter): LanguageModelSettings {
  const model = get('languageModels.defaultModel');
  // An empty string is the Settings UI's "not set".
  return { enabled: get('languageModels.enabled') !== false, ...(typeof model === 'string' && model.trim() ? { defaultModel: model.trim() } : {}) };
}

/** What the host serves in-process (controller.ts registers the providers). */
export interface InProcessHost {
  /** The kinds of the registered in-process providers (ProxyServerOptions.inProcessProviders). */
  kinds: readonly string[];
  /** The editor has the Language Model API, so its models can be served. */
  editorModels: boolean;
}

/** A name for the implicit upstream that no configured upstream has. */
function implicitName(taken: ReadonlySet<unknown>): string {
  let name = LM_KIND;
  for (let i = 2; taken.has(name); i++) name = `${LM_KIND}-${i}`;
  return name;
}

/** The upstream entries plus the implicit one of the editor's models, where it applies. */
function withEditorModels(raw: unknown, get: SettingsGetter, host: InProcessHost): unknown {
  if (!Array.isArray(raw) || !host.editorModels || !host.kinds.includes(LM_KIND) || !languageModelSettings(get).enabled) return raw;
  const entries = raw as Array<Record<string, unknown> | undefined>;
  if (entries.some((u) => u?.kind === LM_KIND)) return raw;
  const taken = new Set(entries.map((u) => u?.name));
  return [...entries, { name: implicitName(taken), kind: LM_KIND, models: entries.length ? [] : ['*'] }];
}

/** SecretStorage's `get`. */
export type SecretReader = (name: string) => PromiseLike<string | undefined>;

function upstreamEntries(raw: unknown): unknown {
  if (!Array.isArray(raw)) return raw; // normalizeConfig reports the error
  return raw.map((u: unknown) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return u;
    const { name, kind, baseUrl, models, keySelection, fallback, responsesApi } = u as Record<string, unknown>;
    return { name, kind, baseUrl, models, keySelection, fallback, responsesApi };
  });
}

/**
 * The one place settings and SecretStorage become the proxy's config (issue 11: a second path that
 * applied stored keys on its own turned several keys into one broken key). Throws ConfigError (from
 * the core) with a message naming the bad setting.
 */
export async function loadConfig(
  get: SettingsGetter,
  readSecret: SecretReader,
  host: InProcessHost = { kinds: [], editorModels: false },
): Promise<ProxyConfig> {
  const raw = {
    port: get('port'),
    authMode: get('authMode'),
    allowLanAccess: get('allowLanAccess'),
    credentialPolicy: get('credentialPolicy'),
    upstreams: withEditorModels(upstreamEntries(get('upstreams') ?? []), get, host),
    corsAllowedOrigins: get('cors.allowedOrigins') ?? [],
    allowedHosts: get('allowedHosts') ?? [],
    modelAliases: get('modelAliases') ?? {},
    // An empty string is the Settings UI's "not set".
    defaultUpstream: get('defaultUpstream') || undefined,
    maxConnections: get('limits.maxConnections'),
    maxConnectionsPerPeer: get('limits.maxConnectionsPerPeer'),
    headersTimeoutMs: get('limits.headersTimeoutMs'),
    requestTimeoutMs: get('limits.requestTimeoutMs'),
    maxBufferedBodyBytes: get('limits.maxBufferedBodyBytes'),
  };
  const config = normalizeConfig(raw, {}, { inProcessKinds: host.kinds });
  // An in-process upstream has no keys.
  const http = config.upstreams.filter((u) => isHttpKind(u.kind));
  const stored = await Promise.all(http.map((u) => readSecret(upstreamSecretName(u.name))));
  http.forEach((u, i) => setUpstreamKeys(u, stored[i] ?? ''));
  return config;
}

function setUpstreamKeys(u: UpstreamConfig, stored: string): void {
  const keys = splitUpstreamKeys(stored);
  u.apiKeys = keys;
  // One key: "SecretStorage"; several: the pool labels each by its last four characters.
  u.keyLabels = keys.length > 1 ? undefined : keys.map(() => 'SecretStorage');
}

/**
 * An upstream's SecretStorage entry holds one key or several (the key pool rotates between them),
 * separated by white space or commas: API keys contain neither.
 */
export function splitUpstreamKeys(stored: string): string[] {
  return stored.split(/[\s,]+/).filter(Boolean);
}

export function autoStartFromSettings(get: SettingsGetter): boolean {
  return get('autoStart') !== false;
}
