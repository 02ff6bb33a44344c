// What an OpenAI-compatible server's 400 can be answered with, once: a max_tokens above the
// model's limit capped (translate/limits.ts reads the limit out of the message), a
// reasoning_effort the model does not take dropped, LM Studio's refusal of json_object answered
// with an open json_schema, `max_tokens` renamed where OpenAI wants max_completion_tokens.
import { isRecord } from '../../translate/ir';

const FIELDS = ['max_tokens', 'max_completion_tokens'] as const;

export const openaiOutputLimit = {
  requested(body: Record<string, unknown>): number | undefined {
    for (const f of FIELDS) if (typeof body[f] === 'number') return body[f] as number;
    return undefined;
  },
  cap(body: Record<string, unknown>, limit: number): Record<string, unknown> {
    const out = { ...body };
    for (const f of FIELDS) if (typeof out[f] === 'number' && (out[f] as number) > limit) out[f] = limit;
    return out;
  },
};

export function repairOpenaiRequest(body: Record<string, unknown>, text: string): Record<string, unknown> | undefined {
  // OpenAI: "Unrecognized request argument supplied: reasoning_effort"; Ollama: "think value ... is not supported".
  if (body.reasoning_effort !== undefined && /reasoning_effort|reasoning effort|reasoning\.effort|\bthink(?:ing)?\b.{0,20}value/i.test(text)) {
    const { reasoning_effort: _drop, ...rest } = body;
    return rest;
  }
  const rf = body.response_format;
  if (isRecord(rf) && rf.type === 'json_object' && /json_schema/.test(text)) {
    return { ...body, response_format: { type: 'json_schema', json_schema: { name: 'response', schema: { type: 'object' } } } };
  }
  if (typeof body.max_tokens === 'number' && /max_completion_tokens/.test(text)) {
    const { max_tokens, ...rest } = body;
    return { ...rest, max_completion_tokens: max_tokens };
  }
  return undefined;
}
