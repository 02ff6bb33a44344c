// Anthropic Messages response <-> IR.
import { irUsage, isRecord, makeId, nestedCount, tokenCount, type IRPart, type IRResponse, type IRStopReason, type IRUsage } from '../../translate/ir';
import { parseArguments } from '../../translate/ir';

export function anthropicStopToIR(r: unknown): IRStopReason {
  switch (r) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'max_tokens';
    case 'tool_use':
      return 'tool_use';
    case 'stop_sequence':
      return 'stop_sequence';
    case 'refusal':
      return 'content_filter';
    default:
      return 'end';
  }
}

export function irStopToAnthropic(r: IRStopReason): string {
  switch (r) {
    case 'max_tokens':
      return 'max_tokens';
    case 'tool_use':
      return 'tool_use';
    case 'stop_sequence':
      return 'stop_sequence';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** Anthropic counts cached input apart; the IR's inputTokens is the whole prompt. */
export function anthropicUsageToIR(u: unknown): IRUsage | undefined {
  if (!isRecord(u)) return undefined;
  const cacheRead = tokenCount(u.cache_read_input_tokens);
  return irUsage(
    tokenCount(u.input_tokens) + cacheRead + tokenCount(u.cache_creation_input_tokens),
    tokenCount(u.output_tokens),
    cacheRead,
    nestedCount(u.output_tokens_details, 'thinking_tokens'),
  );
}

export function irUsageToAnthropic(u: IRUsage): Record<string, number> {
  const cached = u.cacheReadTokens ?? 0;
  return { input_tokens: Math.max(0, u.inputTokens - cached), output_tokens: u.outputTokens, ...(cached ? { cache_read_input_tokens: cached } : {}) };
}

export function anthropicResponseToIR(body: unknown): IRResponse {
  const b = isRecord(body) ? body : {};
  const parts: IRPart[] = [];
  for (const c of Array.isArray(b.content) ? b.content : []) {
    if (!isRecord(c)) continue;
    if (c.type === 'text' && typeof c.text === 'string') parts.push({ type: 'text', text: c.text });
    else if (c.type === 'thinking')
      parts.push({ type: 'thinking', text: String(c.thinking ?? ''), ...(typeof c.signature === 'string' ? { signature: c.signature } : {}) });
    else if (c.type === 'redacted_thinking' && typeof c.data === 'string') parts.push({ type: 'thinking', text: c.data, redacted: true });
    else if (c.type === 'tool_use')
      parts.push({
        type: 'tool_call',
        id: String(c.id ?? makeId('toolu_')),
        name: String(c.name ?? ''),
        arguments: JSON.stringify(isRecord(c.input) ? c.input : {}),
      });
  }
  return {
    id: typeof b.id === 'string' ? b.id : makeId('msg_'),
    model: typeof b.model === 'string' ? b.model : '',
    parts,
    stopReason: anthropicStopToIR(b.stop_reason),
    usage: anthropicUsageToIR(b.usage) ?? { inputTokens: 0, outputTokens: 0 },
  };
}

export function irToAnthropicResponse(r: IRResponse): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  for (const p of r.parts) {
    if (p.type === 'text') content.push({ type: 'text', text: p.text });
    else if (p.type === 'thinking')
      content.push(p.redacted ? { type: 'redacted_thinking', data: p.text } : { type: 'thinking', thinking: p.text, signature: p.signature ?? '' });
    else if (p.type === 'tool_call') content.push({ type: 'tool_use', id: p.id, name: p.name, input: parseArguments(p.arguments) });
  }
  return {
    id: r.id.startsWith('msg_') ? r.id : `msg_${r.id}`,
    type: 'message',
    role: 'assistant',
    model: r.model,
    content,
    stop_reason: irStopToAnthropic(r.stopReason),
    stop_sequence: null,
    usage: irUsageToAnthropic(r.usage),
  };
}
