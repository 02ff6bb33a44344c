// The models list both ways for OpenAI: the ids in an upstream's `GET /models` answer
// ({"data": [{"id"}]}), and the proxy's merged list in OpenAI's shape for its clients.
import type { ModelEntry } from '../types';
import { isRecord } from '../../translate/ir';

export function openaiModelIds(body: unknown): string[] {
  const data = isRecord(body) && Array.isArray(body.data) ? body.data : [];
  return data.map((m) => (isRecord(m) && typeof m.id === 'string' ? m.id : '')).filter(Boolean);
}

/** One model as OpenAI lists it; in-process models add what they are (snake case, as OpenAI's fields). */
export function openaiModel(m: ModelEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { id: m.id, object: 'model', created: m.created, owned_by: m.owned_by };
  if (m.name !== undefined) out.name = m.name;
  if (m.vendor !== undefined) out.vendor = m.vendor;
  if (m.family !== undefined) out.family = m.family;
  if (m.maxInputTokens !== undefined) out.max_input_tokens = m.maxInputTokens;
  return out;
}

export function openaiModelList(list: readonly ModelEntry[]): Record<string, unknown> {
  return { object: 'list', data: list.map(openaiModel) };
}
