// The CLI's configuration: a JSON file (same keys as the VS Code settings) overridden by flags,
// with environment defaults for upstreams when there is no file.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, normalizeConfig, upstreamsFromEnv, type ProxyConfig } from '../proxy';

type Env = Record<string, string | undefined>;

export interface ConfigSource {
  config: ProxyConfig;
  /** The file read, if any. */
  file?: string;
}

/** Reads --config FILE, else <state-dir>/config.json when it exists, else defaults + environment. */
export function loadConfig(explicit: string | undefined, stateDir: string, env: Env, overrides: Record<string, unknown>): ConfigSource {
  const candidate = explicit ? path.resolve(explicit) : path.join(stateDir, 'config.json');
  let raw: Record<string, unknown> = {};
  let file: string | undefined;
  if (explicit || fs.existsSync(candidate)) {
    let text: string;
    try {
      text = fs.readFileSync(candidate, 'utf8');
    } catch (e) {
      throw new ConfigError(`cannot read the config file ${candidate}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      raw = JSON.parse(text);
    } catch {
      throw new ConfigError(`the config file ${candidate} is not valid JSON`);
    }
    file = candidate;
  }
  const merged = { ...raw, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  let config: ProxyConfig;
  try {
    config = normalizeConfig(merged, env);
  } catch (e) {
    if (e instanceof ConfigError && file) throw new ConfigError(`${file}: ${e.message}`);
    throw e;
  }
  if (!file && config.upstreams.length === 0) config = { ...config, upstreams: upstreamsFromEnv(env) };
  return { config, file };
}
