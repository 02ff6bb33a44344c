// OpenAI Chat Completions request <-> IR (https://platform.openai.com/docs/api-reference/chat).
// Also the request every Responses client (Codex) sends to a chat-completions-only upstream
// (Ollama, vLLM, LM Studio, DeepSeek): the Responses side is read into the IR by
// responses/request.ts, and this file writes it as a chat request.
import {
  isRecord,
  objectSchema,
  textOf,
  type IRMessage,
  type IRPart,
  type IRRequest,
  type IRResponseFormat,
  type IRTool,
  type IRToolChoice,
} from '../../translate/ir';
import { effortOf, openaiReasoningToIR } from '../../translate/reasoning';
import { jsonInstruction, mentionsJson, openaiFormatToIR, strictable } from '../../translate/structured';

function imagePart(url: string): IRPart {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return m ? { type: 'image', mediaType: m[1], data: m[2] } : { type: 'image', mediaType: 'image/*', url };
}

function userParts(content: unknown): IRPart[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  if (!Array.isArray(content)) return [];
  const out: IRPart[] = [];
  for (const p of content) {
    if (!isRecord(p)) continue;
    if (p.type === 'text' && typeof p.text === 'string') out.push({ type: 'text', text: p.text });
    else if (p.type === 'image_url') {
      const iu = p.image_url;
      const url = typeof iu === 'string' ? iu : isRecord(iu) && typeof iu.url === 'string' ? iu.url : '';
      if (url) out.push(imagePart(url));
    }
  }
  return out;
}

function push(messages: IRMessage[], role: IRMessage['role'], parts: IRPart[]): void {
  if (parts.length === 0) return;
  const last = messages[messages.length - 1];
  // Consecutive messages of one role merge (tool results after tool calls, as Anthropic wants).
  if (last && last.role === role) last.parts.push(...parts);
  else messages.push({ role, parts });
}

export function openaiRequestToIR(body: Record<string, unknown>): IRRequest {
  const system: string[] = [];
  const messages: IRMessage[] = [];
  const toolNames = new Map<string, string>();
  for (const m of Array.isArray(body.messages) ? body.messages : []) {
    if (!isRecord(m)) continue;
    switch (m.role) {
      case 'system':
      case 'developer':
        system.push(textOf(m.content));
        break;
      case 'user':
        push(messages, 'user', userParts(m.content));
        break;
      case 'assistant': {
        const parts: IRPart[] = [];
        const reasoning = typeof m.reasoning_content === 'string' ? m.reasoning_content : undefined;
        if (reasoning) parts.push({ type: 'thinking', text: reasoning });
        const text = textOf(m.content);
        if (text) parts.push({ type: 'text', text });
        for (const tc of Array.isArray(m.tool_calls) ? m.tool_calls : []) {
          if (!isRecord(tc) || !isRecord(tc.function)) continue;
          const id = typeof tc.id === 'string' ? tc.id : '';
          const name = typeof tc.function.name === 'string' ? tc.function.name : '';
          toolNames.set(id, name);
          parts.push({ type: 'tool_call', id, name, arguments: typeof tc.function.arguments === 'string' ? tc.function.arguments : '' });
        }
        push(messages, 'assistant', parts);
        break;
      }
      case 'tool': {
        const id = typeof m.tool_call_id === 'string' ? m.tool_call_id : '';
        push(messages, 'user', [{ type: 'tool_result', id, name: toolNames.get(id), content: textOf(m.content) }]);
        break;
      }
    }
  }
  const tools: IRTool[] = [];
  for (const t of Array.isArray(body.tools) ? body.tools : []) {
    if (!isRecord(t) || t.type !== 'function' || !isRecord(t.function) || typeof t.function.name !== 'string') continue;
    const f = t.function;
    tools.push({ name: f.name as string, description: typeof f.description === 'string' ? f.description : undefined, parameters: objectSchema(f.parameters) });
  }
  let toolChoice: IRToolChoice | undefined;
  const tc = body.tool_choice;
  if (tc === 'auto') toolChoice = { type: 'auto' };
  else if (tc === 'none') toolChoice = { type: 'none' };
  else if (tc === 'required') toolChoice = { type: 'any' };
  else if (isRecord(tc) && isRecord(tc.function) && typeof tc.function.name === 'string') toolChoice = { type: 'tool', name: tc.function.name };
  const stop = typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop.filter((s): s is string => typeof s === 'string') : undefined;
  const maxTokens = num(body.max_completion_tokens) ?? num(body.max_tokens);
  return {
    model: String(body.model ?? ''),
    system: system.length ? system.join('\n\n') : undefined,
    messages,
    tools: tools.length ? tools : undefined,
    toolChoice,
    maxTokens,
    temperature: num(body.temperature),
    topP: num(body.top_p),
    stop: stop?.length ? stop : undefined,
    stream: body.stream === true,
    reasoning: openaiReasoningToIR(body.reasoning_effort),
    responseFormat: openaiFormatToIR(body.response_format),
  };
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export interface OpenAIRequestOptions {
  /** api.openai.com wants max_completion_tokens (reasoning models reject max_tokens); most compatible servers read max_tokens. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /**
   * Send the conversation's reasoning back as `reasoning_content` on assistant messages: DeepSeek's
   * thinking mode requires it (a 400 without), OpenAI's own API has no such field.
   */
  reasoningContent?: boolean;
}

/** `response_format` for a JSON request: a schema as json_schema (strict only where strict mode can take it), else json_object. */
function responseFormat(f: IRResponseFormat): Record<string, unknown> {
  if (!f.schema) return { type: 'json_object' };
  const name = f.name && /^[a-zA-Z0-9_-]{1,64}$/.test(f.name) ? f.name : 'response';
  return {
    type: 'json_schema',
    json_schema: { name, ...(f.description ? { description: f.description } : {}), schema: f.schema, strict: f.strict === true && strictable(f.schema) },
  };
}

export function irToOpenaiRequest(ir: IRRequest, opts: OpenAIRequestOptions = {}): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  let system = ir.system;
  // json_object mode is refused unless a message mentions JSON: say it in the system prompt.
  const texts = (): string[] => [system ?? '', ...ir.messages.flatMap((m) => m.parts.map((p) => (p.type === 'text' ? p.text : '')))];
  if (ir.responseFormat && !ir.responseFormat.schema && !mentionsJson(texts()))
    system = [system, jsonInstruction(ir.responseFormat)].filter(Boolean).join('\n\n');
  if (system) messages.push({ role: 'system', content: system });
  for (const m of ir.messages) {
    if (m.role === 'assistant') {
      const text = m.parts
        .filter((p) => p.type === 'text')
        .map((p) => (p as { text: string }).text)
        .join('');
      const calls = m.parts
        .filter((p) => p.type === 'tool_call')
        .map((p) => {
          const c = p as Extract<IRPart, { type: 'tool_call' }>;
          return { id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments || '{}' } };
        });
      const msg: Record<string, unknown> = { role: 'assistant', content: text || null };
      const reasoning = opts.reasoningContent ? m.parts.map((p) => (p.type === 'thinking' && !p.redacted ? p.text : '')).join('') : '';
      if (reasoning) msg.reasoning_content = reasoning;
      if (calls.length) msg.tool_calls = calls;
      messages.push(msg);
      continue;
    }
    // Tool results become role "tool" messages, which must directly follow the assistant's calls.
    const content: Record<string, unknown>[] = [];
    for (const p of m.parts) {
      if (p.type === 'tool_result') messages.push({ role: 'tool', tool_call_id: p.id, content: p.content });
      else if (p.type === 'text') content.push({ type: 'text', text: p.text });
      else if (p.type === 'image')
        content.push({ type: 'image_url', image_url: { url: p.data !== undefined ? `data:${p.mediaType};base64,${p.data}` : p.url } });
    }
    if (content.length === 0) continue;
    const onlyText = content.every((c) => c.type === 'text');
    messages.push({ role: 'user', content: onlyText ? content.map((c) => c.text).join('\n') : content });
  }
  const out: Record<string, unknown> = { model: ir.model, messages };
  if (ir.tools) {
    out.tools = ir.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.parameters },
    }));
  }
  if (ir.toolChoice) {
    const c = ir.toolChoice;
    out.tool_choice = c.type === 'any' ? 'required' : c.type === 'tool' ? { type: 'function', function: { name: c.name } } : c.type;
  }
  if (ir.maxTokens !== undefined) out[opts.maxTokensField ?? 'max_tokens'] = ir.maxTokens;
  if (ir.temperature !== undefined) out.temperature = ir.temperature;
  if (ir.topP !== undefined) out.top_p = ir.topP;
  if (ir.stop) out.stop = ir.stop;
  // Off is left unsaid ('none' is refused by most models); a model without reasoning answers 400
  // naming the field, and the call is retried once without it (providers/openai/repair.ts).
  const effort = ir.reasoning && effortOf(ir.reasoning);
  if (effort) out.reasoning_effort = effort;
  if (ir.responseFormat) out.response_format = responseFormat(ir.responseFormat);
  if (ir.stream) {
    out.stream = true;
    // Without it an OpenAI stream carries no token counts, and Anthropic clients need them.
    out.stream_options = { include_usage: true };
  }
  return out;
}
