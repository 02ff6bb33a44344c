// The models list both ways for Anthropic: the ids in an upstream's `GET /v1/models` answer
// ({"data": [{"id"}]}), and the proxy's merged list in Anthropic's paged shape (GET /v1/models with
// anthropic-version; Claude Code asks ?limit=1000).
import type { ModelEntry } from '../types';
import { isRecord } from '../../translate/ir';

export function anthropicModelIds(body: unknown): string[] {
  const data = isRecord(body) && Array.isArray(body.data) ? body.data : [];
  return data.map((m) => (isRecord(m) && typeof m.id === 'string' ? m.id : '')).filter(Boolean);
}

export function anthropicModel(m: ModelEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { type: 'model', id: m.id, display_name: m.name ?? m.id, created_at: new Date(m.created * 1000).toISOString() };
  if (m.maxInputTokens !== undefined) out.max_input_tokens = m.maxInputTokens;
  return out;
}

/** Anthropic's paged list: ?limit= (1-1000, default 20), ?after_id=, ?before_id=. */
export function anthropicModelList(list: readonly ModelEntry[], search: string): Record<string, unknown> {
  const q = new URLSearchParams(search);
  const rawLimit = Number(q.get('limit') ?? 20);
  const limit = Number.isInteger(rawLimit) && rawLimit > 0 ? Math.min(rawLimit, 1000) : 20;
  let start = 0;
  let end = list.length;
  const after = q.get('after_id');
  const before = q.get('before_id');
  if (after) start = list.findIndex((m) => m.id === after) + 1;
  if (before) {
    const i = list.findIndex((m) => m.id === before);
    if (i >= 0) end = i;
  }
  const page = before && !after ? list.slice(Math.max(start, end - limit), end) : list.slice(start, Math.min(end, start + limit));
  const data = page.map(anthropicModel);
  const lastIndex = page.length ? list.indexOf(page[page.length - 1]) : -1;
  return { data, has_more: lastIndex >= 0 && lastIndex < list.length - 1, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
}
