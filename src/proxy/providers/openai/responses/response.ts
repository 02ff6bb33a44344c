// IR -> OpenAI Responses API response object (the non-streamed answer, and the `response` inside
// response.created / response.completed stream events); and its usage block back to IR, for the
// usage statistics of Responses answers passed through untouched.
import { isRecord, makeId, type IRPart, type IRResponse, type IRStopReason, type IRUsage } from '../../../translate/ir';

/** A Responses `usage` ({input_tokens, output_tokens, input_tokens_details.cached_tokens}); input includes cached tokens. */
export function responsesUsageToIR(u: unknown): IRUsage | undefined {
  if (!isRecord(u)) return undefined;
  const details = isRecord(u.input_tokens_details) ? u.input_tokens_details : {};
  const cached = typeof details.cached_tokens === 'number' ? details.cached_tokens : 0;
  return {
    inputTokens: typeof u.input_tokens === 'number' ? u.input_tokens : 0,
    outputTokens: typeof u.output_tokens === 'number' ? u.output_tokens : 0,
    ...(cached ? { cacheReadTokens: cached } : {}),
  };
}

export function responsesUsage(u: IRUsage): Record<string, unknown> {
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: u.cacheReadTokens ?? 0 },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

export function responseShell(id: string, model: string, createdAt: number, status: string, output: unknown[], usage: IRUsage | undefined, stop?: IRStopReason): Record<string, unknown> {
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status,
    error: null,
    incomplete_details: stop === 'max_tokens' ? { reason: 'max_output_tokens' } : stop === 'content_filter' ? { reason: 'content_filter' } : null,
    instructions: null,
    max_output_tokens: null,
    model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    truncation: 'disabled',
    usage: usage ? responsesUsage(usage) : null,
    metadata: {},
  };
}

export function finalStatus(stop: IRStopReason | undefined): string {
  return stop === 'max_tokens' || stop === 'content_filter' ? 'incomplete' : 'completed';
}

export function irToResponsesResponse(r: IRResponse, createdAt = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  const output: unknown[] = [];
  const thinking = r.parts.filter((p): p is Extract<IRPart, { type: 'thinking' }> => p.type === 'thinking').map((p) => p.text).join('');
  if (thinking) output.push({ type: 'reasoning', id: makeId('rs_'), summary: [{ type: 'summary_text', text: thinking }] });
  const text = r.parts.filter((p): p is Extract<IRPart, { type: 'text' }> => p.type === 'text').map((p) => p.text).join('');
  if (text) output.push({ type: 'message', id: makeId('msg_'), status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] });
  for (const p of r.parts) {
    if (p.type === 'tool_call') output.push({ type: 'function_call', id: makeId('fc_'), call_id: p.id, name: p.name, arguments: p.arguments || '{}', status: 'completed' });
  }
  const id = r.id.startsWith('resp_') ? r.id : `resp_${r.id}`;
  return responseShell(id, r.model, createdAt, finalStatus(r.stopReason), output, r.usage, r.stopReason);
}
