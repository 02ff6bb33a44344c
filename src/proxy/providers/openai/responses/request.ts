// OpenAI Responses API request -> IR (https://platform.openai.com/docs/api-reference/responses),
// for Codex (`wire_api = "responses"`) and other Responses clients reaching an Anthropic or Gemini
// upstream, or an OpenAI-compatible server without the Responses API (Ollama, vLLM, LM Studio,
// DeepSeek: upstream setting `responsesApi`, routes/generate.ts). Items and tools other providers
// have no word for are offered as functions (a custom tool takes {input}, a namespace's functions
// are `<ns>__<fn>`, local_shell takes {command, workdir, timeout_ms}); the Responses encoder
// answers in the original kind (IRTool.origin). Hosted tools (web_search, ...) only OpenAI runs.
import { ProxyError } from '../../../errors';
import { isRecord, objectSchema, type IRMessage, type IRPart, type IRRequest, type IRTool, type IRToolChoice } from '../../../translate/ir';
import { openaiReasoningToIR } from '../../../translate/reasoning';
import { openaiFormatToIR } from '../../../translate/structured';
import { unpackEnvelope } from '../../../translate/carry';

function contentParts(content: unknown): IRPart[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const out: IRPart[] = [];
  for (const c of Array.isArray(content) ? content : []) {
    if (!isRecord(c)) continue;
    if ((c.type === 'input_text' || c.type === 'output_text' || c.type === 'text') && typeof c.text === 'string') out.push({ type: 'text', text: c.text });
    else if (c.type === 'input_image' && typeof c.image_url === 'string') {
      const m = /^data:([^;,]+);base64,(.*)$/s.exec(c.image_url);
      out.push(m ? { type: 'image', mediaType: m[1], data: m[2] } : { type: 'image', mediaType: 'image/*', url: c.image_url });
    }
  }
  return out;
}

function outputText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((c) => (isRecord(c) && typeof c.text === 'string' ? c.text : '')).join('');
  return JSON.stringify(v ?? '');
}

/** The separator of a namespace's function names once flattened (`multi_agent_v1__spawn_agent`). */
export const NAMESPACE_SEPARATOR = '__';

const LOCAL_SHELL_PARAMETERS = {
  type: 'object',
  properties: { command: { type: 'array', items: { type: 'string' } }, workdir: { type: 'string' }, timeout_ms: { type: 'number' } },
  required: ['command'],
};

/** A Responses tool as IR tools (a namespace gives several); none for hosted tools. */
function toolsOf(t: Record<string, unknown>, namespace?: string): IRTool[] {
  const description = typeof t.description === 'string' ? t.description : undefined;
  const name = typeof t.name === 'string' ? t.name : '';
  switch (t.type) {
    case 'function':
      if (!name) return [];
      return [
        namespace
          ? {
              name: `${namespace}${NAMESPACE_SEPARATOR}${name}`,
              description,
              parameters: objectSchema(t.parameters),
              origin: { kind: 'namespace', name, namespace },
            }
          : { name, description, parameters: objectSchema(t.parameters) },
      ];
    case 'namespace':
      return name ? (Array.isArray(t.tools) ? t.tools : []).flatMap((f) => (isRecord(f) ? toolsOf(f, name) : [])) : [];
    case 'custom': {
      if (!name) return [];
      const f = isRecord(t.format) ? t.format : {};
      const grammar =
        f.type === 'grammar' && typeof f.definition === 'string' ? `\nInput must match this ${String(f.syntax ?? '')} grammar:\n${f.definition}` : '';
      const parameters = { type: 'object', properties: { input: { type: 'string', description: 'The tool input, as free-form text.' } }, required: ['input'] };
      return [{ name, description: `${description ?? ''}${grammar}` || undefined, parameters, origin: { kind: 'custom', name } }];
    }
    case 'local_shell':
      return [
        {
          name: 'local_shell',
          description: 'Run a command in the local shell.',
          parameters: LOCAL_SHELL_PARAMETERS,
          origin: { kind: 'local_shell', name: 'local_shell' },
        },
      ];
    default:
      return [];
  }
}

export function responsesRequestToIR(body: Record<string, unknown>): IRRequest {
  for (const [field, what] of [
    ['previous_response_id', 'previous_response_id'],
    ['conversation', 'conversation'],
  ] as const) {
    if (body[field] !== undefined && body[field] !== null && body[field] !== '') {
      throw new ProxyError(
        'unsupported_parameter',
        `${what} needs an OpenAI upstream (the proxy keeps no conversation state); send the whole conversation in "input" instead (Codex: store = false).`,
      );
    }
  }
  const system: string[] = typeof body.instructions === 'string' && body.instructions ? [body.instructions] : [];
  const messages: IRMessage[] = [];
  const names = new Map<string, string>();
  const push = (role: IRMessage['role'], parts: IRPart[]): void => {
    if (parts.length === 0) return;
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.parts.push(...parts);
    else messages.push({ role, parts });
  };
  const call = (id: string, name: string, args: string): void => {
    names.set(id, name);
    const signature = signatures[id];
    push('assistant', [{ type: 'tool_call', id, name, arguments: args, ...(signature ? { signature } : {}) }]);
  };
  const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : Array.isArray(body.input) ? body.input : [];
  // Gemini's signatures for the calls, from the proxy's envelopes in reasoning items (translate/carry.ts).
  const signatures: Record<string, string> = {};
  for (const item of input) if (isRecord(item) && item.type === 'reasoning') Object.assign(signatures, unpackEnvelope(item.encrypted_content)?.calls);
  for (const item of input) {
    if (!isRecord(item)) continue;
    const type = item.type ?? 'message';
    const callId = String(item.call_id ?? item.id ?? '');
    switch (type) {
      case 'message':
        if (item.role === 'system' || item.role === 'developer')
          system.push(
            contentParts(item.content)
              .map((p) => (p.type === 'text' ? p.text : ''))
              .join(''),
          );
        else push(item.role === 'assistant' ? 'assistant' : 'user', contentParts(item.content));
        break;
      case 'function_call': {
        const name = String(item.name ?? '');
        call(
          callId,
          typeof item.namespace === 'string' && item.namespace ? `${item.namespace}${NAMESPACE_SEPARATOR}${name}` : name,
          typeof item.arguments === 'string' ? item.arguments : '',
        );
        break;
      }
      case 'custom_tool_call':
        call(callId, String(item.name ?? ''), JSON.stringify({ input: typeof item.input === 'string' ? item.input : '' }));
        break;
      case 'local_shell_call': {
        const a = isRecord(item.action) ? item.action : {};
        call(
          callId,
          'local_shell',
          JSON.stringify({
            command: Array.isArray(a.command) ? a.command : [],
            ...(typeof a.working_directory === 'string' ? { workdir: a.working_directory } : {}),
            ...(typeof a.timeout_ms === 'number' ? { timeout_ms: a.timeout_ms } : {}),
          }),
        );
        break;
      }
      case 'function_call_output':
      case 'custom_tool_call_output':
      case 'local_shell_call_output': {
        const id = String(item.call_id ?? item.id ?? '');
        push('user', [{ type: 'tool_result', id, name: names.get(id), content: outputText(item.output) }]);
        break;
      }
      case 'reasoning': {
        // The proxy's own envelope: the thinking blocks as the provider signed them. Else the
        // summary text, which only a provider that takes unsigned reasoning back can use.
        const carried = unpackEnvelope(item.encrypted_content);
        if (carried) push('assistant', carried.thinking);
        else {
          const text = (Array.isArray(item.summary) ? item.summary : []).map((s) => (isRecord(s) && typeof s.text === 'string' ? s.text : '')).join('');
          if (text) push('assistant', [{ type: 'thinking', text }]);
        }
        break;
      }
      case 'item_reference':
        throw new ProxyError(
          'unsupported_parameter',
          'item_reference needs an OpenAI upstream (the proxy keeps no stored items); send the items themselves in "input".',
        );
      // web_search_call, tool_search_call, compaction, mcp_* and image_generation_call: only OpenAI knows them.
    }
  }
  const tools = (Array.isArray(body.tools) ? body.tools : []).flatMap((t) => (isRecord(t) ? toolsOf(t) : []));
  let toolChoice: IRToolChoice | undefined;
  const tc = body.tool_choice;
  if (tc === 'auto' || tc === 'none') toolChoice = { type: tc };
  else if (tc === 'required') toolChoice = { type: 'any' };
  else if (isRecord(tc) && (tc.type === 'function' || tc.type === 'custom') && typeof tc.name === 'string') toolChoice = { type: 'tool', name: tc.name };
  else if (isRecord(tc) && tc.type === 'allowed_tools') toolChoice = { type: tc.mode === 'required' ? 'any' : 'auto' };
  const reasoning = isRecord(body.reasoning)
    ? openaiReasoningToIR(body.reasoning.effort, 'summary' in body.reasoning ? body.reasoning.summary : undefined)
    : undefined;
  return {
    model: String(body.model ?? ''),
    system: system.filter(Boolean).join('\n\n') || undefined,
    messages,
    tools: tools.length ? tools : undefined,
    toolChoice,
    maxTokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : undefined,
    temperature: typeof body.temperature === 'number' ? body.temperature : undefined,
    topP: typeof body.top_p === 'number' ? body.top_p : undefined,
    stream: body.stream === true,
    reasoning,
    responseFormat: isRecord(body.text) ? openaiFormatToIR(body.text.format) : undefined,
  };
}
