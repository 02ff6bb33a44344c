// The models list both ways for Gemini: the ids in an upstream's `GET /models` answer
// ({"models": [{"name": "models/<id>"}]}), and the proxy's merged list in Gemini's shape
// (GET /v1beta/models, /v1beta/models/{model}).
import type { ModelEntry } from '../types';
import { isRecord } from '../../translate/ir';

export function geminiModelIds(body: unknown): string[] {
  if (!isRecord(body)) return [];
  // Some Gemini-compatible servers answer in OpenAI's shape ({"data": [{"id"}]}).
  if (!Array.isArray(body.models))
    return Array.isArray(body.data) ? body.data.map((m) => (isRecord(m) && typeof m.id === 'string' ? m.id : '')).filter(Boolean) : [];
  return body.models.map((m) => (isRecord(m) && typeof m.name === 'string' ? m.name.replace(/^models\//, '') : '')).filter(Boolean);
}

export function geminiModel(m: ModelEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: `models/${m.id}`,
    baseModelId: m.id,
    version: '001',
    displayName: m.name ?? m.id,
    description: m.vendor
      ? `${m.vendor} ${m.family ?? ''}`.trim() + `, served by the proxy's upstream "${m.owned_by}".`
      : `Served by the proxy's upstream "${m.owned_by}".`,
    supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
  };
  if (m.maxInputTokens !== undefined) out.inputTokenLimit = m.maxInputTokens;
  if (m.maxOutputTokens !== undefined) out.outputTokenLimit = m.maxOutputTokens;
  return out;
}

export function geminiModelList(list: readonly ModelEntry[]): Record<string, unknown> {
  return { models: list.map(geminiModel) };
}
