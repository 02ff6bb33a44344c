// Gemini CLI reads GOOGLE_GEMINI_BASE_URL and GEMINI_API_KEY (sent as x-goog-api-key) from
// ~/.gemini/.env, and in non-interactive use it exits (code 41) unless ~/.gemini/settings.json
// names the auth type: `security.auth.selectedType: "gemini-api-key"`. Variables already in the
// shell win over the .env file (dotenv never overrides).
import path from 'node:path';
import type { ClientSpec } from '../types';

const dir = (ctx: { home: string }): string => path.join(ctx.home, '.gemini');
const envFile = (ctx: { home: string }): string => path.join(dir(ctx), '.env');
const settingsFile = (ctx: { home: string }): string => path.join(dir(ctx), 'settings.json');

const SHELL_OVERRIDES = ['GEMINI_API_KEY', 'GOOGLE_GEMINI_BASE_URL', 'GOOGLE_API_KEY', 'GOOGLE_GENAI_USE_VERTEXAI', 'GOOGLE_GENAI_USE_GCA'];

export const geminiCli: ClientSpec = {
  id: 'gemini-cli',
  label: 'Gemini CLI',
  protocol: 'gemini',
  requiresModel: false,
  files(ctx, v) {
    return [
      {
        path: envFile(ctx),
        format: 'dotenv',
        entries: [
          { path: ['GOOGLE_GEMINI_BASE_URL'], value: v.origin },
          { path: ['GEMINI_API_KEY'], value: v.key, secret: true },
        ],
      },
      {
        path: settingsFile(ctx),
        format: 'jsonc',
        entries: [{ path: ['security', 'auth', 'selectedType'], value: 'gemini-api-key' }, ...(v.model ? [{ path: ['model', 'name'], value: v.model }] : [])],
      },
    ];
  },
  endpoint(get, ctx) {
    const baseUrl = get(envFile(ctx), ['GOOGLE_GEMINI_BASE_URL']);
    const key = get(envFile(ctx), ['GEMINI_API_KEY']);
    const model = get(settingsFile(ctx), ['model', 'name']);
    if (typeof baseUrl !== 'string' || typeof key !== 'string') return undefined;
    return { baseUrl, key, model: typeof model === 'string' ? model : undefined };
  },
  warnings(ctx) {
    const out = SHELL_OVERRIDES.filter((n) => ctx.env[n]).map(
      (n) => `${n} is set in your environment: Gemini CLI uses it instead of ${envFile(ctx)}. Unset it to use the proxy.`,
    );
    out.push(
      'Gemini CLI reads ~/.gemini/.env only in folders you trust: trust the folder when it asks, or run non-interactively with --skip-trust (or GEMINI_CLI_TRUST_WORKSPACE=true). A .env in the project folder is read before this one.',
    );
    return out;
  },
};
