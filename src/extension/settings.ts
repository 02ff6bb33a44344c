// VS Code settings plus SecretStorage -> the core's configuration snapshot, in one function
// (loadConfig) that runs at startup and after every change. Pure (no `vscode` import): the host
// passes a getter over `workspace.getConfiguration('antigravity')` and SecretStorage's `get`, so
// the mapping is unit-tested as is.
//
// Upstream keys never come from settings: settings.json files get synced, committed and shared.
// Only the non-secret fields are copied from each upstream entry; keys come from SecretStorage.
import { normalizeConfig, type ProxyConfig, type UpstreamConfig } from '../proxy';
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
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/**
 * Settings that decide who can reach the proxy or where prompts and keys are sent. They are
 * declared with a scope a workspace cannot set (machine), so a cloned repository's
 * .vscode/settings.json cannot open the proxy to the LAN, turn auth off, or redirect an upstream.
 */
export const PROTECTED_SETTINGS: readonly SettingKey[] = [
  'port',
  'authMode',
  'allowLanAccess',
  'credentialPolicy',
  'upstreams',
  'cors.allowedOrigins',
  'allowedHosts',
  'modelAliases',
  'defaultUpstream',
];

export type SettingsGetter = (key: SettingKey) => unknown;

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
export async function loadConfig(get: SettingsGetter, readSecret: SecretReader): Promise<ProxyConfig> {
  const config = normalizeConfig({
    port: get('port'),
    authMode: get('authMode'),
    allowLanAccess: get('allowLanAccess'),
    credentialPolicy: get('credentialPolicy'),
    upstreams: upstreamEntries(get('upstreams') ?? []),
    corsAllowedOrigins: get('cors.allowedOrigins') ?? [],
    allowedHosts: get('allowedHosts') ?? [],
    modelAliases: get('modelAliases') ?? {},
    // An empty string is the Settings UI's "not set".
    defaultUpstream: get('defaultUpstream') || undefined,
  });
  const stored = await Promise.all(config.upstreams.map((u) => readSecret(upstreamSecretName(u.name))));
  config.upstreams.forEach((u, i) => setUpstreamKeys(u, stored[i] ?? ''));
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
