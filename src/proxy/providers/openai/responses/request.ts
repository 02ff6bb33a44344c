// OpenAI Responses API request -> IR (https://platform.openai.com/docs/api-reference/responses),
// for Codex (`wire_api = "responses"`) and other Responses clients reaching an Anthropic or
// Gemini upstream. The Responses API is only ever inbound here: OpenAI-compatible upstreams get
// the client's request as sent.
import { ProxyError } from '../../../errors';
import { isRecord, objectSchema, type IRMessage, type IRPart, type IRRequest, type IRTool, type IRToolChoice } from '../../../translate/ir';

const EFFORT_BUDGET: Record<string, number> = { minimal: 512, low: 1024, medium: 4096, high: 16384 };

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

export function responsesRequestToIR(body: Record<string, unknown>): IRRequest {
  if (typeof body.previous_response_id === 'string' && body.previous_response_id) {
    throw new ProxyError('unsupported_parameter', 'previous_response_id needs an OpenAI upstream (the proxy keeps no conversation state); send the whole conversation in "input" instead (Codex: store = false).');
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
  const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : Array.isArray(body.input) ? body.input : [];
  for (const item of input) {
    if (!isRecord(item)) continue;
    const type = item.type ?? 'message';
    if (type === 'message') {
      if (item.role === 'system' || item.role === 'developer') system.push(contentParts(item.content).map((p) => (p.type === 'text' ? p.text : '')).join(''));
      else push(item.role === 'assistant' ? 'assistant' : 'user', contentParts(item.content));
    } else if (type === 'function_call') {
      const id = String(item.call_id ?? item.id ?? '');
      const name = String(item.name ?? '');
      names.set(id, name);
      push('assistant', [{ type: 'tool_call', id, name, arguments: typeof item.arguments === 'string' ? item.arguments : '' }]);
    } else if (type === 'function_call_output') {
      const id = String(item.call_id ?? '');
      push('user', [{ type: 'tool_result', id, name: names.get(id), content: outputText(item.output) }]);
    } else if (type === 'reasoning') {
      const text = (Array.isArray(item.summary) ? item.summary : []).map((s) => (isRecord(s) && typeof s.text === 'string' ? s.text : '')).join('');
      if (text) push('assistant', [{ type: 'thinking', text }]);
    }
  }
  const tools: IRTool[] = [];
  for (const t of Array.isArray(body.tools) ? body.tools : []) {
    // Built-in tools (web_search, file_search, local_shell, custom grammars) only OpenAI runs.
    if (!isRecord(t) || t.type !== 'function' || typeof t.name !== 'string') continue;
    tools.push({ name: t.name, description: typeof t.description === 'string' ? t.description : undefined, parameters: objectSchema(t.parameters) });
  }
  let toolChoice: IRToolChoice | undefined;
  const tc = body.tool_choice;
  if (tc === 'auto' || tc === 'none') toolChoice = { type: tc };
  else if (tc === 'required') toolChoice = { type: 'any' };
  else if (isRecord(tc) && tc.type === 'function' && typeof tc.name === 'string') toolChoice = { type: 'tool', name: tc.name };
  const effort = isRecord(body.reasoning) && typeof body.reasoning.effort === 'string' ? EFFORT_BUDGET[body.reasoning.effort] : undefined;
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
    thinkingBudget: effort,
  };
}
