// Anthropic Messages request <-> IR (https://docs.anthropic.com/en/api/messages).
import {
  isRecord,
  objectSchema,
  parseArguments,
  textOf,
  type IRMessage,
  type IRPart,
  type IRRequest,
  type IRTool,
  type IRToolChoice,
} from '../../translate/ir';
import { anthropicReasoningToIR, budgetOf, effortOf, EFFORT_BUDGET } from '../../translate/reasoning';
import { anthropicFormatToIR, anthropicSchema, jsonInstruction } from '../../translate/structured';
import { defaultOutputTokens, knownOutputLimit } from '../../translate/limits';

/** Room for the answer itself when a thinking budget raises max_tokens. */
const ANSWER_TOKENS = 4096;

/**
 * What a Claude model understands, from its name: adaptive thinking with `output_config.effort`
 * from 4.6 on (4.7 and later have nothing else), `enabled` + budget_tokens before; structured
 * outputs (`output_config.format`) from 4.5 on. A name the proxy does not know (an alias, a
 * compatible server's model) gets the older, widest-understood forms.
 */
export function claudeFeatures(model: string): { adaptive: boolean; structured: boolean } {
  const m = /claude-(?:(?:opus|sonnet|haiku)-(\d+)(?:[-.](\d))?(?!\d)|(\d+)[-.](\d))/.exec(model.toLowerCase());
  if (!m) return { adaptive: false, structured: !/claude-/.test(model) };
  const major = Number(m[1] ?? m[3]);
  const minor = Number(m[2] ?? m[4] ?? 0);
  const v = major + minor / 10;
  return { adaptive: v >= 4.6, structured: v >= 4.5 };
}

function blockParts(content: unknown, toolNames: Map<string, string>): IRPart[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  if (!Array.isArray(content)) return [];
  const out: IRPart[] = [];
  for (const b of content) {
    if (!isRecord(b)) continue;
    switch (b.type) {
      case 'text':
        if (typeof b.text === 'string') out.push({ type: 'text', text: b.text });
        break;
      case 'image': {
        const s = isRecord(b.source) ? b.source : {};
        if (s.type === 'base64') out.push({ type: 'image', mediaType: String(s.media_type ?? 'image/png'), data: String(s.data ?? '') });
        else if (s.type === 'url') out.push({ type: 'image', mediaType: 'image/*', url: String(s.url ?? '') });
        break;
      }
      case 'thinking':
        out.push({ type: 'thinking', text: String(b.thinking ?? ''), ...(typeof b.signature === 'string' ? { signature: b.signature } : {}) });
        break;
      case 'redacted_thinking':
        if (typeof b.data === 'string') out.push({ type: 'thinking', text: b.data, redacted: true });
        break;
      case 'tool_use': {
        const id = String(b.id ?? '');
        const name = String(b.name ?? '');
        toolNames.set(id, name);
        out.push({ type: 'tool_call', id, name, arguments: JSON.stringify(isRecord(b.input) ? b.input : {}) });
        break;
      }
      case 'tool_result': {
        const id = String(b.tool_use_id ?? '');
        out.push({ type: 'tool_result', id, name: toolNames.get(id), content: textOf(b.content), ...(b.is_error === true ? { isError: true } : {}) });
        break;
      }
    }
  }
  return out;
}

export function anthropicRequestToIR(body: Record<string, unknown>): IRRequest {
  const messages: IRMessage[] = [];
  const toolNames = new Map<string, string>();
  for (const m of Array.isArray(body.messages) ? body.messages : []) {
    if (!isRecord(m) || (m.role !== 'user' && m.role !== 'assistant')) continue;
    const parts = blockParts(m.content, toolNames);
    if (parts.length) messages.push({ role: m.role, parts });
  }
  const tools: IRTool[] = [];
  for (const t of Array.isArray(body.tools) ? body.tools : []) {
    // Server tools (web_search_20250305, ...) carry a versioned `type` and no schema: only
    // Anthropic can run them, so they are not offered to other upstreams.
    if (!isRecord(t) || typeof t.name !== 'string' || (t.type !== undefined && t.type !== 'custom')) continue;
    tools.push({ name: t.name, description: typeof t.description === 'string' ? t.description : undefined, parameters: objectSchema(t.input_schema) });
  }
  let toolChoice: IRToolChoice | undefined;
  const tc = body.tool_choice;
  if (isRecord(tc)) {
    if (tc.type === 'tool' && typeof tc.name === 'string') toolChoice = { type: 'tool', name: tc.name };
    else if (tc.type === 'auto' || tc.type === 'any' || tc.type === 'none') toolChoice = { type: tc.type };
  }
  const stop = Array.isArray(body.stop_sequences) ? body.stop_sequences.filter((s): s is string => typeof s === 'string') : undefined;
  return {
    model: String(body.model ?? ''),
    system: systemText(body.system),
    messages,
    tools: tools.length ? tools : undefined,
    toolChoice,
    maxTokens: num(body.max_tokens),
    temperature: num(body.temperature),
    topP: num(body.top_p),
    topK: num(body.top_k),
    stop: stop?.length ? stop : undefined,
    stream: body.stream === true,
    reasoning: anthropicReasoningToIR(body.thinking, body.output_config),
    responseFormat: anthropicFormatToIR(body.output_config, body.output_format),
  };
}

/** The system prompt: a string, or text blocks (Claude Code sends several), joined as paragraphs. */
function systemText(v: unknown): string | undefined {
  if (Array.isArray(v))
    return (
      v
        .map((b) => textOf([b]))
        .filter(Boolean)
        .join('\n\n') || undefined
    );
  return textOf(v) || undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function toBlock(p: IRPart): Record<string, unknown> | undefined {
  switch (p.type) {
    case 'text':
      return p.text ? { type: 'text', text: p.text } : undefined;
    case 'image':
      return p.data !== undefined
        ? { type: 'image', source: { type: 'base64', media_type: p.mediaType, data: p.data } }
        : { type: 'image', source: { type: 'url', url: p.url } };
    case 'thinking':
      // Anthropic only accepts thinking it signed itself (carried back through other protocols
      // by translate/carry.ts); other providers' reasoning is dropped.
      if (p.redacted) return { type: 'redacted_thinking', data: p.text };
      return p.signature ? { type: 'thinking', thinking: p.text, signature: p.signature } : undefined;
    case 'tool_call':
      return { type: 'tool_use', id: p.id, name: p.name, input: parseArguments(p.arguments) };
    case 'tool_result':
      return { type: 'tool_result', tool_use_id: p.id, content: p.content, ...(p.isError ? { is_error: true } : {}) };
  }
}

export function irToAnthropicRequest(ir: IRRequest): Record<string, unknown> {
  const messages: Array<{ role: string; content: Record<string, unknown>[] }> = [];
  for (const m of ir.messages) {
    const blocks = m.parts.map(toBlock).filter((b): b is Record<string, unknown> => b !== undefined);
    if (blocks.length === 0) continue;
    // Tool results go first in a user turn (Anthropic rejects text before them).
    if (m.role === 'user') blocks.sort((a, b) => Number(b.type === 'tool_result') - Number(a.type === 'tool_result'));
    const last = messages[messages.length - 1];
    if (last && last.role === m.role) last.content.push(...blocks);
    else messages.push({ role: m.role, content: blocks });
  }
  const features = claudeFeatures(ir.model);
  const limit = knownOutputLimit(ir.model);
  const out: Record<string, unknown> = { model: ir.model, max_tokens: ir.maxTokens ?? defaultOutputTokens(ir.model), messages };
  let system = ir.system;
  const outputConfig: Record<string, unknown> = {};
  if (ir.responseFormat) {
    // A schema goes as structured output where the model has it; JSON mode without a schema, or
    // an older model, gets the instruction ({type: object} closed by Anthropic's rules forces `{}`).
    if (ir.responseFormat.schema && features.structured) outputConfig.format = { type: 'json_schema', schema: anthropicSchema(ir.responseFormat.schema) };
    else system = [system, jsonInstruction(ir.responseFormat)].filter(Boolean).join('\n\n');
  }
  if (system) out.system = system;
  if (ir.tools) out.tools = ir.tools.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), input_schema: t.parameters }));
  if (ir.toolChoice) out.tool_choice = ir.toolChoice.type === 'tool' ? { type: 'tool', name: ir.toolChoice.name } : { type: ir.toolChoice.type };
  // OpenAI's temperature goes to 2, Anthropic's to 1.
  if (ir.temperature !== undefined) out.temperature = Math.min(ir.temperature, 1);
  if (ir.topP !== undefined) out.top_p = ir.topP;
  if (ir.topK !== undefined) out.top_k = ir.topK;
  if (ir.stop) out.stop_sequences = ir.stop;
  // With thinking on, Anthropic wants every assistant turn that called a tool to start with the
  // signed thinking it produced; a conversation from another model has none, so thinking stays off.
  const unsigned = messages.some(
    (m) => m.role === 'assistant' && m.content.some((b) => b.type === 'tool_use') && !String(m.content[0]?.type).endsWith('thinking'),
  );
  // Anthropic also refuses thinking with a forced tool choice.
  const forced = ir.toolChoice?.type === 'any' || ir.toolChoice?.type === 'tool';
  const r = ir.reasoning;
  if (r && r.mode !== 'off' && !unsigned && !forced) {
    if (features.adaptive) {
      out.thinking = { type: 'adaptive', ...(r.includeThoughts === false ? { display: 'omitted' } : {}) };
      const effort = effortOf(r);
      // Anthropic's efforts start at low and end at max.
      if (effort) outputConfig.effort = effort === 'minimal' ? 'low' : effort;
      delete out.temperature;
    } else {
      const max = out.max_tokens as number;
      let budget = budgetOf(r, limit ? limit - ANSWER_TOKENS : undefined) ?? EFFORT_BUDGET.medium;
      if (budget >= 1024) {
        // budget_tokens must be below max_tokens: make room for the answer, within the model's limit.
        if (max <= budget) out.max_tokens = limit ? Math.min(budget + ANSWER_TOKENS, limit) : budget + ANSWER_TOKENS;
        budget = Math.min(budget, (out.max_tokens as number) - 1);
      }
      if (budget >= 1024) {
        out.thinking = { type: 'enabled', budget_tokens: budget };
        delete out.temperature;
      }
    }
  }
  if (Object.keys(outputConfig).length) out.output_config = outputConfig;
  if (ir.stream) out.stream = true;
  return out;
}
