// What the fake providers (test/fakeProviders.ts) need to answer real AI coding clients as real
// providers do: an "agent" model that calls the client's own shell tool (found among the tools the
// request offers, by name and argument schema) so the client really runs it; JSON-mode answers
// that match the requested schema (Gemini CLI's router retries anything else); and the 400s real
// providers give to malformed requests (strict mode), so a translation that sends one is caught.

/** The command the agent model asks a client to run, in the client's working directory. */
export const AGENT_COMMAND = 'cat notes.txt';

/** Shell tools of the real clients: Claude Code, Codex, Gemini CLI, Continue. */
const SHELL_TOOLS = ['Bash', 'exec_command', 'shell', 'run_shell_command', 'run_terminal_command'];

export interface OfferedTool {
  name: string;
  schema?: { properties?: Record<string, { type?: unknown }> };
}

const typeOf = (p: { type?: unknown } | undefined): string => String(p?.type ?? '').toLowerCase();

/** The call the agent model makes, or undefined when no known shell tool is offered. */
export function agentCall(tools: readonly OfferedTool[]): { name: string; args: Record<string, unknown> } | undefined {
  for (const name of SHELL_TOOLS) {
    const t = tools.find((x) => x.name === name);
    const props = t?.schema?.properties ?? {};
    if (!t) continue;
    if (typeOf(props.command) === 'string') return { name, args: { command: AGENT_COMMAND } };
    if (typeOf(props.cmd) === 'string') return { name, args: { cmd: AGENT_COMMAND } };
    if (typeOf(props.command) === 'array') return { name, args: { command: ['bash', '-lc', AGENT_COMMAND] } };
  }
  return undefined;
}

type Schema = { type?: unknown; properties?: Record<string, Schema>; required?: string[]; enum?: unknown[]; items?: Schema };

/** A small value that satisfies a JSON schema (OpenAPI-style upper-case types too). */
export function sampleOf(s: Schema | undefined): unknown {
  if (!s) return {};
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  switch (typeOf(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sampleOf(v);
      return out;
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    case 'string':
      return 'fake';
    default:
      return s.properties ? sampleOf({ ...s, type: 'object' }) : {};
  }
}

/** The largest output a "small" fake model accepts (as local models and older APIs do). */
export const SMALL_MODEL_MAX_TOKENS = 8192;

/** A strict provider's 400, or undefined when the request is well formed. */
export type Refusal = { message: string } | undefined;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function tooMany(model: string, n: unknown): Refusal {
  return model.includes('small') && typeof n === 'number' && n > SMALL_MODEL_MAX_TOKENS
    ? { message: `max_tokens is too large: ${n}. This model supports at most ${SMALL_MODEL_MAX_TOKENS} completion tokens, whereas you provided ${n}.` }
    : undefined;
}

export function refuseOpenai(b: Json): Refusal {
  if (!Array.isArray(b.messages) || b.messages.length === 0) return { message: "[] is too short - 'messages'" };
  const ids = new Set<string>();
  for (const [i, m] of b.messages.entries()) {
    for (const c of m.tool_calls ?? []) ids.add(c.id);
    if (m.role === 'tool' && !ids.has(m.tool_call_id))
      return { message: `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'. (messages[${i}])` };
  }
  for (const t of b.tools ?? []) {
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(t.function?.name ?? ''))
      return { message: `Invalid 'tools[].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.` };
  }
  return tooMany(b.model, b.max_completion_tokens ?? b.max_tokens);
}

export function refuseAnthropic(b: Json): Refusal {
  if (typeof b.max_tokens !== 'number') return { message: 'max_tokens: Field required' };
  let offered = new Set<string>();
  for (const [i, m] of (b.messages ?? []).entries()) {
    const blocks = Array.isArray(m.content) ? m.content : [];
    if (m.role === 'user') {
      for (const r of blocks.filter((x: Json) => x.type === 'tool_result')) {
        if (!offered.has(r.tool_use_id))
          return {
            message: `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${r.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
          };
      }
    }
    offered = new Set(m.role === 'assistant' ? blocks.filter((x: Json) => x.type === 'tool_use').map((x: Json) => x.id) : []);
  }
  return tooMany(b.model, b.max_tokens);
}

export function refuseGemini(b: Json, model: string): Refusal {
  if (!Array.isArray(b.contents) || b.contents.length === 0) return { message: '* GenerateContentRequest.contents: contents is not specified' };
  let called = new Set<string>();
  for (const c of b.contents) {
    for (const p of c.parts ?? []) {
      if (p.functionResponse && !called.has(p.functionResponse.name))
        return { message: 'Please ensure that function response turn comes immediately after a function call turn.' };
    }
    called = new Set((c.parts ?? []).filter((p: Json) => p.functionCall).map((p: Json) => p.functionCall.name));
  }
  return tooMany(model, b.generationConfig?.maxOutputTokens);
}
