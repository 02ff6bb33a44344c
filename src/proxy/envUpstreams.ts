// The upstreams a host gets from the environment when it has no configuration file (the CLI's
// `start` without --config): the variables users of other proxies and of the providers' own SDKs
// already set. Kept apart from config.ts, which validates what a user wrote.
import { apiBase, type Env, type UpstreamConfig, type UpstreamKind } from './config';

/**
 * What users of other proxies expect with no config file: OPENAI_API_KEY (and OPENAI_BASE_URL),
 * ANTHROPIC_API_KEY (ANTHROPIC_BASE_URL) and GEMINI_API_KEY or GOOGLE_API_KEY
 * (GOOGLE_GEMINI_BASE_URL) each define a default upstream. Claude and Gemini model names go to
 * their own provider; anything else to the first of them (OpenAI when its key is set).
 */
export function upstreamsFromEnv(env: Env): UpstreamConfig[] {
  const out: UpstreamConfig[] = [];
  const base = (v: string | undefined, fallback: string, kind: UpstreamKind): string => {
    try {
      return apiBase(new URL(v || fallback), kind);
    } catch {
      return fallback;
    }
  };
  const anthropic = env.ANTHROPIC_API_KEY;
  const gemini = env.GEMINI_API_KEY || env.GOOGLE_API_KEY;
  if (anthropic) {
    out.push({
      name: 'anthropic',
      kind: 'anthropic',
      baseUrl: base(env.ANTHROPIC_BASE_URL, 'https://api.anthropic.com/v1', 'anthropic'),
      apiKeys: [anthropic],
      keyLabels: ['ANTHROPIC_API_KEY'],
      models: ['claude-*'],
    });
  }
  if (gemini) {
    out.push({
      name: 'gemini',
      kind: 'gemini',
      baseUrl: base(env.GOOGLE_GEMINI_BASE_URL, 'https://generativelanguage.googleapis.com/v1beta', 'gemini'),
      apiKeys: [gemini],
      keyLabels: [env.GEMINI_API_KEY ? 'GEMINI_API_KEY' : 'GOOGLE_API_KEY'],
      models: ['gemini-*', 'gemma-*'],
    });
  }
  if (env.OPENAI_API_KEY) {
    out.push({
      name: 'openai',
      kind: 'openai',
      baseUrl: base(env.OPENAI_BASE_URL, 'https://api.openai.com/v1', 'openai'),
      apiKeys: [env.OPENAI_API_KEY],
      keyLabels: ['OPENAI_API_KEY'],
      models: ['*'],
    });
  } else if (out.length) {
    // Without OpenAI, the first provider also serves every other model name.
    out[0] = { ...out[0], models: [...out[0].models, '*'] };
  }
  return out;
}
