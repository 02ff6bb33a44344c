// Anthropic's output limit (max_tokens, with the thinking budget kept below it), and what its 400s
// can be answered with, once: structured output refused by a model without it (the schema becomes
// an instruction in the system prompt).
import { isRecord } from '../../translate/ir';
import { jsonInstruction } from '../../translate/structured';

/** The smallest thinking budget Anthropic accepts. */
const MIN_BUDGET = 1024;

export const anthropicOutputLimit = {
  requested: (body: Record<string, unknown>): number | undefined => (typeof body.max_tokens === 'number' ? body.max_tokens : undefined),
  cap(body: Record<string, unknown>, limit: number): Record<string, unknown> {
    if (typeof body.max_tokens !== 'number' || body.max_tokens <= limit) return body;
    const out: Record<string, unknown> = { ...body, max_tokens: limit };
    const t = body.thinking;
    if (isRecord(t) && t.type === 'enabled' && typeof t.budget_tokens === 'number' && t.budget_tokens >= limit) {
      // budget_tokens must stay below max_tokens, and at least 1024: else no fixed-budget thinking.
      if (limit - 1 >= MIN_BUDGET) out.thinking = { ...t, budget_tokens: Math.max(MIN_BUDGET, Math.min(t.budget_tokens, limit - MIN_BUDGET)) };
      else delete out.thinking;
    }
    return out;
  },
};

export function repairAnthropicRequest(body: Record<string, unknown>, text: string): Record<string, unknown> | undefined {
  const oc = body.output_config;
  if (isRecord(oc) && isRecord(oc.format) && /output_config|format|structured/i.test(text)) {
    const { format, ...rest } = oc;
    const schema = isRecord(format) && isRecord(format.schema) ? format.schema : undefined;
    const system = [typeof body.system === 'string' ? body.system : '', jsonInstruction({ type: 'json', schema })].filter(Boolean).join('\n\n');
    const out: Record<string, unknown> = { ...body, system };
    if (Object.keys(rest).length) out.output_config = rest;
    else delete out.output_config;
    return out;
  }
  return undefined;
}
