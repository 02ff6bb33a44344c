// IR -> OpenAI Responses API response object (the non-streamed answer, and the `response` inside
// response.created / response.completed stream events); and its usage block back to IR, for the
// usage statistics of Responses answers passed through untouched. A tool call is answered in the
// kind of tool the client offered (IRTool.origin: custom, local_shell, a namespace's function);
// reasoning a provider wants back travels in the items' encrypted_content (translate/carry.ts).
import {
  irUsage,
  isRecord,
  makeId,
  nestedCount,
  parseArguments,
  tokenCount,
  type IRPart,
  type IRRequest,
  type IRResponse,
  type IRStopReason,
  type IRTool,
  type IRUsage,
} from '../../../translate/ir';
import { packEnvelope } from '../../../translate/carry';

/** A Responses `usage` ({input_tokens, output_tokens, input_tokens_details.cached_tokens}); input includes cached tokens. */
export function responsesUsageToIR(u: unknown): IRUsage | undefined {
  if (!isRecord(u)) return undefined;
  return irUsage(
    tokenCount(u.input_tokens),
    tokenCount(u.output_tokens),
    nestedCount(u.input_tokens_details, 'cached_tokens'),
    nestedCount(u.output_tokens_details, 'reasoning_tokens'),
  );
}

export function responsesUsage(u: IRUsage): Record<string, unknown> {
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: u.cacheReadTokens ?? 0 },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

export function responseShell(
  id: string,
  model: string,
  createdAt: number,
  status: string,
  output: unknown[],
  usage: IRUsage | undefined,
  stop?: IRStopReason,
  error?: { code: string; message: string },
): Record<string, unknown> {
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status,
    error: error ?? null,
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

type Call = Extract<IRPart, { type: 'tool_call' }>;

/** A tool call as the Responses item of the kind the client offered; arguments as the model wrote them. */
export function callItem(
  c: Pick<Call, 'id' | 'name' | 'arguments'>,
  tools: readonly IRTool[] | undefined,
  status: string,
  itemId?: string,
): Record<string, unknown> {
  const origin = tools?.find((t) => t.name === c.name)?.origin;
  const args = c.arguments || '{}';
  switch (origin?.kind) {
    case 'custom': {
      const input = parseArguments(args).input;
      return {
        type: 'custom_tool_call',
        id: itemId ?? makeId('ctc_'),
        call_id: c.id,
        name: origin.name,
        input: typeof input === 'string' ? input : args,
        status,
      };
    }
    case 'local_shell': {
      const a = parseArguments(args);
      const action = {
        type: 'exec',
        command: Array.isArray(a.command) ? a.command : [],
        env: {},
        ...(typeof a.workdir === 'string' ? { working_directory: a.workdir } : {}),
        ...(typeof a.timeout_ms === 'number' ? { timeout_ms: a.timeout_ms } : {}),
      };
      return { type: 'local_shell_call', id: itemId ?? makeId('lsc_'), call_id: c.id, status, action };
    }
    case 'namespace':
      return { type: 'function_call', id: itemId ?? makeId('fc_'), call_id: c.id, name: origin.name, namespace: origin.namespace, arguments: args, status };
    default:
      return { type: 'function_call', id: itemId ?? makeId('fc_'), call_id: c.id, name: c.name, arguments: args, status };
  }
}

/** A thinking block as a reasoning item; signed or redacted blocks carry themselves in encrypted_content. */
export function reasoningItem(p: Extract<IRPart, { type: 'thinking' }>, itemId = makeId('rs_')): Record<string, unknown> {
  return {
    type: 'reasoning',
    id: itemId,
    summary: p.redacted || !p.text ? [] : [{ type: 'summary_text', text: p.text }],
    ...(p.signature || p.redacted ? { encrypted_content: packEnvelope({ thinking: [p] }) } : {}),
  };
}

/** The reasoning item that carries Gemini's signatures of the turn's calls (they come after its thoughts). */
export function signaturesItem(calls: Record<string, string>): Record<string, unknown> {
  return { type: 'reasoning', id: makeId('rs_'), summary: [], encrypted_content: packEnvelope({ calls }) };
}

export function irToResponsesResponse(r: IRResponse, request?: IRRequest, createdAt = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  const output: unknown[] = [];
  const calls: Record<string, string> = {};
  let text = '';
  const flushText = (): void => {
    if (text)
      output.push({ type: 'message', id: makeId('msg_'), status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] });
    text = '';
  };
  for (const p of r.parts) {
    if (p.type === 'text') text += p.text;
    else if (p.type === 'thinking') {
      flushText();
      output.push(reasoningItem(p));
    } else if (p.type === 'tool_call') {
      flushText();
      if (p.signature) calls[p.id] = p.signature;
      output.push(callItem(p, request?.tools, 'completed'));
    }
  }
  flushText();
  if (Object.keys(calls).length) output.push(signaturesItem(calls));
  const id = r.id.startsWith('resp_') ? r.id : `resp_${r.id}`;
  return responseShell(id, r.model, createdAt, finalStatus(r.stopReason), output, r.usage, r.stopReason);
}
