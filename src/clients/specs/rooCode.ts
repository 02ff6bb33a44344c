// Roo Code keeps its provider settings in VS Code's private storage, but imports a settings file
// at start-up when its `roo-cline.autoImportSettingsPath` setting names one. We write that file
// (a provider profile "Antigravity Proxy", OpenAI compatible) into the proxy's state directory;
// the VS Code host points the setting at it.
import path from 'node:path';
import type { ClientSpec } from '../types';

export const ROO_PROFILE = 'Antigravity Proxy';
export const ROO_IMPORT_SETTING = 'roo-cline.autoImportSettingsPath';

export const rooImportFile = (ctx: { stateDir: string }): string => path.join(ctx.stateDir, 'roo-code-settings.json');

const profile = ['providerProfiles', 'apiConfigs', ROO_PROFILE];

export const rooCode: ClientSpec = {
  id: 'roo-code',
  label: 'Roo Code',
  protocol: 'openai-chat',
  requiresModel: true,
  files(ctx, v) {
    return [
      {
        path: rooImportFile(ctx),
        format: 'jsonc',
        entries: [
          { path: ['providerProfiles', 'currentApiConfigName'], value: ROO_PROFILE },
          {
            path: profile,
            value: { id: 'antigravity-proxy', apiProvider: 'openai', openAiBaseUrl: `${v.origin}/v1`, openAiApiKey: v.key, openAiModelId: v.model },
            secret: true,
          },
        ],
      },
    ];
  },
  endpoint(get, ctx) {
    const p = get(rooImportFile(ctx), profile) as { openAiBaseUrl?: unknown; openAiApiKey?: unknown; openAiModelId?: unknown } | undefined;
    if (typeof p?.openAiBaseUrl !== 'string' || typeof p.openAiApiKey !== 'string') return undefined;
    return { baseUrl: p.openAiBaseUrl, key: p.openAiApiKey, model: typeof p.openAiModelId === 'string' ? p.openAiModelId : undefined };
  },
  warnings: () => [],
};
