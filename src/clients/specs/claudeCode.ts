// Claude Code reads `env` from ~/.claude/settings.json ($CLAUDE_CONFIG_DIR if set) and that
// block wins over the shell, so the client works with no exported variables. The token goes in
// ANTHROPIC_AUTH_TOKEN (sent as `Authorization: Bearer`); a chosen model goes in the model
// variables so every tier (opus, sonnet, haiku, subagents) asks the proxy for it.
import path from 'node:path';
import type { ClientSpec } from '../types';

const MODEL_VARS = ['ANTHROPIC_MODEL', 'ANTHROPIC_DEFAULT_OPUS_MODEL', 'ANTHROPIC_DEFAULT_SONNET_MODEL', 'ANTHROPIC_DEFAULT_HAIKU_MODEL'];

const file = (ctx: { home: string; env: Record<string, string | undefined> }): string =>
  path.join(ctx.env.CLAUDE_CONFIG_DIR || path.join(ctx.home, '.claude'), 'settings.json');

export const claudeCode: ClientSpec = {
  id: 'claude-code',
  label: 'Claude Code',
  protocol: 'anthropic',
  requiresModel: false,
  files(ctx, v) {
    const entries = [
      { path: ['env', 'ANTHROPIC_BASE_URL'], value: v.origin },
      { path: ['env', 'ANTHROPIC_AUTH_TOKEN'], value: v.key, secret: true },
      ...(v.model ? MODEL_VARS.map((name) => ({ path: ['env', name], value: v.model })) : []),
    ];
    return [{ path: file(ctx), format: 'jsonc', entries }];
  },
  endpoint(get, ctx) {
    const f = file(ctx);
    const baseUrl = get(f, ['env', 'ANTHROPIC_BASE_URL']);
    const key = get(f, ['env', 'ANTHROPIC_AUTH_TOKEN']);
    const model = get(f, ['env', 'ANTHROPIC_MODEL']);
    if (typeof baseUrl !== 'string' || typeof key !== 'string') return undefined;
    return { baseUrl, key, model: typeof model === 'string' ? model : undefined };
  },
  warnings(ctx, get) {
    const out: string[] = [];
    if (ctx.env.ANTHROPIC_API_KEY) {
      out.push(
        'ANTHROPIC_API_KEY is set in your environment. Claude Code may send it (as x-api-key) or ask whether to use it; answer No, or unset it, so that the token written here is used.',
      );
    }
    if (get(file(ctx), ['apiKeyHelper']) !== undefined) {
      out.push(`${file(ctx)} has an apiKeyHelper: its output replaces the token written here. Remove it to use the proxy key.`);
    }
    return out;
  },
};
