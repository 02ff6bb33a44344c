// Codex reads ~/.codex/config.toml ($CODEX_HOME if set). Measured with Codex 0.169: a provider
// table needs `name`, `wire_api = "responses"` is the only accepted value, and without a
// top-level `model_provider` it talks to api.openai.com. The key goes in the provider's
// `experimental_bearer_token` (sent as `Authorization: Bearer`): unlike `env_key` it needs no
// shell variable, whose absence stops Codex before any request.
import path from 'node:path';
import type { ClientSpec } from '../types';

export const CODEX_PROVIDER = 'antigravity';

const file = (ctx: { home: string; env: Record<string, string | undefined> }): string =>
  path.join(ctx.env.CODEX_HOME || path.join(ctx.home, '.codex'), 'config.toml');

const provider = ['model_providers', CODEX_PROVIDER];

export const codex: ClientSpec = {
  id: 'codex',
  label: 'Codex',
  protocol: 'openai-responses',
  requiresModel: false,
  files(ctx, v) {
    const entries = [
      { path: ['model_provider'], value: CODEX_PROVIDER },
      ...(v.model ? [{ path: ['model'], value: v.model }] : []),
      { path: [...provider, 'name'], value: 'Antigravity Proxy' },
      { path: [...provider, 'base_url'], value: `${v.origin}/v1` },
      { path: [...provider, 'wire_api'], value: 'responses' },
      { path: [...provider, 'experimental_bearer_token'], value: v.key, secret: true },
    ];
    return [{ path: file(ctx), format: 'toml', entries }];
  },
  endpoint(get, ctx) {
    const f = file(ctx);
    const baseUrl = get(f, [...provider, 'base_url']);
    const key = get(f, [...provider, 'experimental_bearer_token']);
    const model = get(f, ['model']);
    if (get(f, ['model_provider']) !== CODEX_PROVIDER || typeof baseUrl !== 'string' || typeof key !== 'string') return undefined;
    return { baseUrl, key, model: typeof model === 'string' ? model : undefined };
  },
  warnings(ctx, get) {
    const f = file(ctx);
    const out: string[] = [];
    const profile = get(f, ['profile']);
    if (typeof profile === 'string' && get(f, ['profiles', profile, 'model_provider']) !== undefined) {
      out.push(`${f} selects the profile "${profile}", whose model_provider overrides the one written here.`);
    }
    if (get(f, [...provider, 'env_key']) !== undefined) {
      out.push(`The provider "${CODEX_PROVIDER}" in ${f} also has env_key: Codex then needs that variable set. Remove env_key to use the key written here.`);
    }
    return out;
  },
};
