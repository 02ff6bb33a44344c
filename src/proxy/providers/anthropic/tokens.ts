// Anthropic's token counting (POST /v1/messages/count_tokens): the request takes the fields of a
// Messages request that count (no max_tokens, no stream), the answer is {"input_tokens": N}.
import { isRecord, type IRRequest } from '../../translate/ir';
import { irToAnthropicRequest } from './request';

export function anthropicCountBody(ir: IRRequest, original: Record<string, unknown> | undefined): Record<string, unknown> {
  // The client's own body as sent (beta fields included), only the model resolved.
  if (original) return { ...original, model: ir.model };
  const { model, messages, system, tools, thinking, tool_choice } = irToAnthropicRequest({ ...ir, stream: false });
  return { model, messages, system, tools, thinking, tool_choice };
}

export function anthropicCount(answer: unknown): number | undefined {
  return isRecord(answer) && typeof answer.input_tokens === 'number' ? answer.input_tokens : undefined;
}
