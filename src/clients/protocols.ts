// Each client protocol as data: where its model list and a minimal model request go, the
// credential header the client sends, and where the answer names its model. The round trip
// speaks exactly what the client will speak.
import type { ClientProtocol } from './types';

type Json = Record<string, unknown>;

export interface ProtocolCalls {
  /** The credential header(s) the client sends with the key. */
  headers(key: string): Record<string, string>;
  modelsUrl(base: string): string;
  /** Model ids from a models-list answer. */
  modelIds(j: Json): string[];
  request(base: string, model: string): { url: string; body: unknown };
  /** The model named by a model answer. */
  answeredBy(j: Json): string | undefined;
}

const trim = (u: string): string => u.replace(/\/+$/, '');
const PROMPT = 'Reply with OK.';
const ids = (list: unknown, field: string): string[] => (Array.isArray(list) ? list.map((m) => String((m as Json)?.[field] ?? '')).filter(Boolean) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

const openaiModels = {
  modelsUrl: (b: string) => `${trim(b)}/models`,
  modelIds: (j: Json) => ids(j.data, 'id'),
  answeredBy: (j: Json) => str(j.model),
};

export const PROTOCOLS: Readonly<Record<ClientProtocol, ProtocolCalls>> = {
  // Claude Code: ANTHROPIC_AUTH_TOKEN is sent as a Bearer token; paths below the base URL.
  anthropic: {
    headers: (key) => ({ ...bearer(key), 'anthropic-version': '2023-06-01' }),
    modelsUrl: (b) => `${trim(b)}/v1/models`,
    modelIds: (j) => ids(j.data, 'id'),
    request: (b, model) => ({ url: `${trim(b)}/v1/messages`, body: { model, max_tokens: 16, messages: [{ role: 'user', content: PROMPT }] } }),
    answeredBy: (j) => str(j.model),
  },
  'openai-chat': {
    headers: bearer,
    ...openaiModels,
    request: (b, model) => ({ url: `${trim(b)}/chat/completions`, body: { model, max_tokens: 16, messages: [{ role: 'user', content: PROMPT }] } }),
  },
  // Codex: the Responses API only.
  'openai-responses': {
    headers: bearer,
    ...openaiModels,
    request: (b, model) => ({ url: `${trim(b)}/responses`, body: { model, max_output_tokens: 16, input: PROMPT } }),
  },
  // Gemini CLI: x-goog-api-key, paths below the base URL with the API version.
  gemini: {
    headers: (key) => ({ 'x-goog-api-key': key }),
    modelsUrl: (b) => `${trim(b)}/v1beta/models`,
    modelIds: (j) => ids(j.models, 'name').map((n) => n.replace(/^models\//, '')),
    request: (b, model) => ({
      url: `${trim(b)}/v1beta/models/${encodeURIComponent(model)}:generateContent`,
      body: { contents: [{ role: 'user', parts: [{ text: PROMPT }] }], generationConfig: { maxOutputTokens: 16 } },
    }),
    answeredBy: (j) => str(j.modelVersion),
  },
};
