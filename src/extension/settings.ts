// VS Code settings -> the core's configuration snapshot. Pure (no `vscode` import): the host passes
// a getter over `workspace.getConfiguration('antigravity')`, so the mapping is unit-tested as is.
//
// Upstream keys never come from settings: settings.json files get synced, committed and shared.
// Only the non-secret fields are copied from each upstream entry; keys come from SecretStorage.
import { normalizeConfig, type ProxyConfig } from '../proxy';

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

/** Upstream API keys by upstream name (from SecretStorage). */
export type UpstreamKeys = ReadonlyMap<string, string>;

function upstreamEntries(raw: unknown): unknown {
  if (!Array.isArray(raw)) return raw; // normalizeConfig reports the error
  return raw.map((u: unknown) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return u;
    const { name, kind, baseUrl, models, keySelection, fallback } = u as Record<string, unknown>;
    return { name, kind, baseUrl, models, keySelection, fallback };
  });
}

/** Throws ConfigError (from the core) with a message naming the bad setting. */
export function configFromSettings(get: SettingsGetter, upstreamKeys: UpstreamKeys = new Map()): ProxyConfig {
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
  for (const u of config.upstreams) {
    const keys = splitUpstreamKeys(upstreamKeys.get(u.name) ?? '');
    u.apiKeys = keys;
    // One key: "SecretStorage"; several: the pool labels each by its last four characters.
    u.keyLabels = keys.length > 1 ? undefined : keys.map(() => 'SecretStorage');
  }
  return config;
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
