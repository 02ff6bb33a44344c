// The one internal representation every protocol maps into and out of (issue 5: no N x N
// converters). A request in protocol A to an upstream of kind B goes A -> IR -> B, the answer
// B -> IR -> A; a stream goes event by event through IR stream events.
import type { ErrorCode } from '../errors';

/**
 * One piece of a message. Tool calls carry their arguments as the JSON text the model wrote.
 * Reasoning state a provider wants back on the next turn rides along: an Anthropic thinking
 * block's signature (or, `redacted`, its redacted_thinking data in `text`), a Gemini
 * thoughtSignature on a tool call. translate/carry.ts moves it through clients of other protocols.
 */
export type IRPart =
  | { type: 'text'; text: string }
  | { type: 'image'; mediaType: string; data?: string; url?: string }
  | { type: 'thinking'; text: string; signature?: string; redacted?: boolean }
  | { type: 'tool_call'; id: string; name: string; arguments: string; signature?: string }
  | { type: 'tool_result'; id: string; name?: string; content: string; isError?: boolean };

export interface IRMessage {
  role: 'user' | 'assistant';
  parts: IRPart[];
}

export interface IRTool {
  /**
   * Kept exactly as the client sent it (`Bash` stays `Bash`: CLIProxyAPI #1741); a Responses
   * namespace's function is `<namespace>__<name>` (chat tools have no namespaces).
   */
  name: string;
  description?: string;
  /** JSON Schema of the arguments; an empty-parameter tool gets `{type: "object", properties: {}}`. */
  parameters: Record<string, unknown>;
  /**
   * A Responses tool that is not a plain function, offered to other providers as one: a custom
   * (free-form text) tool takes `{input}`, `local_shell` takes `{command, workdir, timeout_ms}`, a
   * namespaced function keeps its own name here. The Responses encoder answers in the original kind.
   */
  origin?: { kind: 'custom' | 'local_shell' | 'namespace'; name: string; namespace?: string };
}

export type IRToolChoice = { type: 'auto' } | { type: 'none' } | { type: 'any' } | { type: 'tool'; name: string };

export interface IRRequest {
  model: string;
  system?: string;
  messages: IRMessage[];
  tools?: IRTool[];
  toolChoice?: IRToolChoice;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  stream: boolean;
  /** What the client asked of the model's reasoning (translate/reasoning.ts maps it per provider). */
  reasoning?: IRReasoning;
  /** The answer must be JSON (structured output / JSON mode), matching `schema` when given. */
  responseFormat?: IRResponseFormat;
}

/** Reasoning effort, from least to most (OpenAI's and Anthropic's words; Gemini levels map onto them). */
export type Effort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface IRReasoning {
  /** off: no reasoning; on: a fixed budget; auto: the model decides (Anthropic adaptive, Gemini -1, an effort). */
  mode: 'off' | 'on' | 'auto';
  effort?: Effort;
  /** Tokens, when the client gave a number. */
  budget?: number;
  /** The client wants the reasoning text back (false: Anthropic display "omitted", no Responses summary). */
  includeThoughts?: boolean;
}

export interface IRResponseFormat {
  type: 'json';
  /** A JSON Schema the answer must match; absent: any JSON object (JSON mode). */
  schema?: Record<string, unknown>;
  name?: string;
  strict?: boolean;
  description?: string;
}

export type IRStopReason = 'end' | 'max_tokens' | 'tool_use' | 'stop_sequence' | 'content_filter';

export interface IRUsage {
  inputTokens: number;
  /** All output, reasoning included. */
  outputTokens: number;
  cacheReadTokens?: number;
  /** The part of outputTokens spent reasoning, when the provider says. */
  reasoningTokens?: number;
}

export interface IRResponse {
  id: string;
  model: string;
  parts: IRPart[];
  stopReason: IRStopReason;
  usage: IRUsage;
}

/**
 * Stream events. Tool calls are identified by `index` (their position among the answer's tool
 * calls); `tool_args` deltas are raw slices of the arguments JSON, concatenated in order.
 */
export type IRStreamEvent =
  | { type: 'start'; id: string; model: string; usage?: IRUsage }
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string }
  | { type: 'thinking_signature'; signature: string }
  /** A whole Anthropic redacted_thinking block (its opaque data). */
  | { type: 'thinking_redacted'; data: string }
  | { type: 'tool_start'; index: number; id: string; name: string; signature?: string }
  | { type: 'tool_args'; index: number; delta: string }
  | { type: 'usage'; usage: IRUsage }
  | { type: 'stop'; reason: IRStopReason }
  | { type: 'error'; status: number; message: string; code?: ErrorCode };

/** A stream decoder: upstream SSE events in, IR events out. Stateful per stream. */
export interface StreamDecoder {
  /** One SSE event (its `event:` name, if any, and its data). */
  push(event: string | undefined, data: string): IRStreamEvent[];
}

/** A stream encoder: IR events in, client SSE text out. Stateful per stream. */
export interface StreamEncoder {
  push(e: IRStreamEvent): string;
  /** Closes whatever is open and adds the protocol's terminator; called once at the end. */
  end(): string;
}

let counter = 0;
/** An id of the given prefix that is unique within this process (no randomness needed). */
export function makeId(prefix: string): string {
  counter = (counter + 1) % 1e9;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36)}`;
}

/** A tool call's arguments as an object, whatever the model wrote (empty or broken -> {}). */
export function parseArguments(args: string): Record<string, unknown> {
  if (!args.trim()) return {};
  try {
    const v = JSON.parse(args) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return {};
  }
}

/** Text of a content that is either a string or a list of text parts. */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    return v
      .map((p) =>
        typeof p === 'string' ? p : p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '',
      )
      .join('');
  }
  return '';
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An SSE event's data as a JSON object; undefined for anything else (a decoder skips it). */
export function parseEventObject(data: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(data);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The empty-parameters schema: several upstreams reject a tool with no schema at all. */
export function objectSchema(v: unknown): Record<string, unknown> {
  if (isRecord(v) && Object.keys(v).length > 0) return v;
  return { type: 'object', properties: {} };
}

/**
 * An IR usage: the cache and reasoning counts only when there are some (no key otherwise). Built
 * field by field, not with spreads of `{}`: every usage report of every answer comes through here
 * (the usage statistics' token counts, issue 15; every translated stream's usage events).
 */
export function irUsage(inputTokens: number, outputTokens: number, cacheReadTokens?: number, reasoningTokens?: number): IRUsage {
  const u: IRUsage = { inputTokens, outputTokens };
  if (cacheReadTokens) u.cacheReadTokens = cacheReadTokens;
  if (reasoningTokens) u.reasoningTokens = reasoningTokens;
  return u;
}

/** A provider's token count: the number it sent, 0 for anything else (absent, null, text). */
export function tokenCount(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** `v[key]` as a token count when `v` is an object (a provider's nested token details), else 0. */
export function nestedCount(v: unknown, key: string): number {
  return isRecord(v) ? tokenCount(v[key]) : 0;
}

/** Later usage reports win field by field (Anthropic sends input at start, output at the end). */
export function mergeUsage(a: IRUsage | undefined, b: IRUsage): IRUsage {
  if (!a) return b;
  return irUsage(
    b.inputTokens || a.inputTokens,
    b.outputTokens || a.outputTokens,
    b.cacheReadTokens || a.cacheReadTokens,
    b.reasoningTokens || a.reasoningTokens,
  );
}

/**
 * What every stream encoder keeps for its closing event: the usage reports, merged, and the stop
 * reason. `take` consumes those two events (an encoder writes nothing for them until the end).
 */
export class StreamTotals {
  usage: IRUsage | undefined;
  reason: IRStopReason | undefined;

  take(e: IRStreamEvent): boolean {
    if (e.type === 'usage') this.usage = mergeUsage(this.usage, e.usage);
    else if (e.type === 'stop') this.reason = e.reason;
    else return false;
    return true;
  }

  get finalUsage(): IRUsage {
    return this.usage ?? { inputTokens: 0, outputTokens: 0 };
  }
}
