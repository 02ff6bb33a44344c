// Continue (the CLI `cn` and the IDE extensions) reads ~/.continue/config.yaml
// ($CONTINUE_GLOBAL_DIR if set). We add one model, found again by its name, speaking OpenAI chat
// completions (`provider: openai`, `apiBase`, `apiKey`: sent as `Authorization: Bearer`). A new
// file gets the header fields Continue requires (name, version, schema).
import path from 'node:path';
import type { ClientSpec } from '../types';

export const CONTINUE_MODEL_NAME = 'Antigravity Proxy';

const file = (ctx: { home: string; env: Record<string, string | undefined> }): string =>
  path.join(ctx.env.CONTINUE_GLOBAL_DIR || path.join(ctx.home, '.continue'), 'config.yaml');

const model = ['models', { field: 'name', value: CONTINUE_MODEL_NAME }];

export const continueClient: ClientSpec = {
  id: 'continue',
  label: 'Continue',
  protocol: 'openai-chat',
  requiresModel: true,
  files(ctx, v) {
    return [
      {
        path: file(ctx),
        format: 'yaml',
        entries: [
          { path: ['name'], value: 'Local config', scaffold: true },
          { path: ['version'], value: '1.0.0', scaffold: true },
          { path: ['schema'], value: 'v1', scaffold: true },
          {
            path: model,
            value: {
              name: CONTINUE_MODEL_NAME,
              provider: 'openai',
              model: v.model,
              apiBase: `${v.origin}/v1`,
              apiKey: v.key,
              roles: ['chat', 'edit', 'apply'],
            },
            secret: true,
          },
        ],
      },
    ];
  },
  endpoint(get, ctx) {
    const m = get(file(ctx), model) as { apiBase?: unknown; apiKey?: unknown; model?: unknown } | undefined;
    if (typeof m?.apiBase !== 'string' || typeof m.apiKey !== 'string') return undefined;
    return { baseUrl: m.apiBase, key: m.apiKey, model: typeof m.model === 'string' ? m.model : undefined };
  },
  warnings(ctx, get) {
    const models = get(file(ctx), ['models']);
    const others = Array.isArray(models) ? models.filter((m) => (m as { name?: unknown })?.name !== CONTINUE_MODEL_NAME).length : 0;
    return others
      ? [`${file(ctx)} lists ${others} other model(s): pick "${CONTINUE_MODEL_NAME}" in Continue's model selector (cn: --model "${CONTINUE_MODEL_NAME}").`]
      : [];
  },
};
