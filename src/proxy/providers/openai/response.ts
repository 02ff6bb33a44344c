// OpenAI Chat Completions response <-> IR.
import { irUsage, isRecord, makeId, nestedCount, textOf, tokenCount, type IRPart, type IRResponse, type IRStopReason, type IRUsage } from '../../translate/ir';

export function openaiFinishToIR(r: unknown): IRStopReason {
  switch (r) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'end';
  }
}

export function irStopToOpenai(r: IRStopReason): string {
  switch (r) {
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}

export function openaiUsageToIR(u: unknown): IRUsage | undefined {
  if (!isRecord(u)) return undefined;
  return irUsage(
    tokenCount(u.prompt_tokens),
    tokenCount(u.completion_tokens),
    nestedCount(u.prompt_tokens_details, 'cached_tokens'),
    nestedCount(u.completion_tokens_details, 'reasoning_tokens'),
  );
}

export function irUsageToOpenai(u: IRUsage): Record<string, unknown> {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    ...(u.cacheReadTokens ? { prompt_tokens_details: { cached_tokens: u.cacheReadTokens } } : {}),
    ...(u.reasoningTokens ? { completion_tokens_details: { reasoning_tokens: u.reasoningTokens } } : {}),
  };
}

export function openaiResponseToIR(body: unknown): IRResponse {
  const b = isRecord(body) ? body : {};
  const choice = Array.isArray(b.choices) && isRecord(b.choices[0]) ? b.choices[0] : {};
  const msg = isRecord(choice.message) ? choice.message : {};
  const parts: IRPart[] = [];
  // DeepSeek, vLLM and others put reasoning in reasoning_content (or reasoning).
  const reasoning = typeof msg.reasoning_content === 'string' ? msg.reasoning_content : typeof msg.reasoning === 'string' ? msg.reasoning : '';
  if (reasoning) parts.push({ type: 'thinking', text: reasoning });
  const text = textOf(msg.content);
  if (text) parts.push({ type: 'text', text });
  // A refusal to answer in the requested JSON (structured outputs) is the answer's text.
  const refusal = typeof msg.refusal === 'string' && msg.refusal ? msg.refusal : '';
  if (refusal) parts.push({ type: 'text', text: refusal });
  for (const tc of Array.isArray(msg.tool_calls) ? msg.tool_calls : []) {
    if (!isRecord(tc) || !isRecord(tc.function)) continue;
    parts.push({
      type: 'tool_call',
      id: typeof tc.id === 'string' && tc.id ? tc.id : makeId('call_'),
      name: String(tc.function.name ?? ''),
      arguments: typeof tc.function.arguments === 'string' ? tc.function.arguments : '',
    });
  }
  let stopReason = refusal ? 'content_filter' : openaiFinishToIR(choice.finish_reason);
  if (stopReason === 'end' && parts.some((p) => p.type === 'tool_call')) stopReason = 'tool_use';
  return {
    id: typeof b.id === 'string' ? b.id : makeId('chatcmpl-'),
    model: typeof b.model === 'string' ? b.model : '',
    parts,
    stopReason,
    usage: openaiUsageToIR(b.usage) ?? { inputTokens: 0, outputTokens: 0 },
  };
}

export function irToOpenaiResponse(r: IRResponse, created = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  const text = r.parts
    .filter((p) => p.type === 'text')
    .map((p) => (p as { text: string }).text)
    .join('');
  const thinking = r.parts
    .filter((p) => p.type === 'thinking')
    .map((p) => (p as { text: string }).text)
    .join('');
  const calls = r.parts
    .filter((p): p is Extract<IRPart, { type: 'tool_call' }> => p.type === 'tool_call')
    .map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments || '{}' } }));
  const message: Record<string, unknown> = { role: 'assistant', content: text || (calls.length ? null : '') };
  if (thinking) message.reasoning_content = thinking;
  if (calls.length) message.tool_calls = calls;
  return {
    id: r.id.startsWith('chatcmpl') ? r.id : `chatcmpl-${r.id}`,
    object: 'chat.completion',
    created,
    model: r.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: irStopToOpenai(r.stopReason) }],
    usage: irUsageToOpenai(r.usage),
  };
}
