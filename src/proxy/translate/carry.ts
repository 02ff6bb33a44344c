// Reasoning state through a client of another protocol (issue 14). Anthropic wants its signed
// thinking blocks back on the next turn (or thinking must stay off), Gemini 3 wants each function
// call's thoughtSignature back. A Responses client (Codex) echoes a reasoning item's
// `encrypted_content` verbatim, so the proxy puts that state there, in an envelope of its own:
// base64(JSON {agp:1, t: thinking blocks, c: call id -> Gemini signature}). It is valid base64
// (Gemini requires that of signatures) and always starts with ENVELOPE_PREFIX, so the proxy tells
// its envelopes from a provider's own tokens (OpenAI's `gAAA...`), and scrubs them before a
// same-protocol forward (a provider would reject them as invalid_encrypted_content).
import { isRecord, type IRPart } from './ir';

/** base64('{"agp"'): how every envelope starts. */
export const ENVELOPE_PREFIX = 'eyJhZ3Ai';

type Thinking = Extract<IRPart, { type: 'thinking' }>;

export interface Carried {
  /** Thinking blocks, with their Anthropic signatures (or redacted data). */
  thinking: Thinking[];
  /** Gemini thoughtSignatures by tool call id. */
  calls: Record<string, string>;
}

export function packEnvelope(c: Partial<Carried>): string {
  const t = (c.thinking ?? []).map((p) => ({ text: p.text, ...(p.signature ? { sig: p.signature } : {}), ...(p.redacted ? { red: true } : {}) }));
  const calls = c.calls && Object.keys(c.calls).length ? { c: c.calls } : {};
  return Buffer.from(JSON.stringify({ agp: 1, ...(t.length ? { t } : {}), ...calls }), 'utf8').toString('base64');
}

/** The state an envelope holds; undefined for anything else (a provider's own token, garbage). */
export function unpackEnvelope(s: unknown): Carried | undefined {
  if (typeof s !== 'string' || !s.startsWith(ENVELOPE_PREFIX)) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(s, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(v) || v.agp !== 1) return undefined;
  const thinking: Thinking[] = [];
  for (const b of Array.isArray(v.t) ? v.t : []) {
    if (!isRecord(b) || typeof b.text !== 'string') continue;
    thinking.push({
      type: 'thinking',
      text: b.text,
      ...(typeof b.sig === 'string' ? { signature: b.sig } : {}),
      ...(b.red === true ? { redacted: true } : {}),
    });
  }
  const calls: Record<string, string> = {};
  if (isRecord(v.c)) for (const [id, sig] of Object.entries(v.c)) if (typeof sig === 'string') calls[id] = sig;
  return { thinking, calls };
}

/** Does this same-protocol body hold an envelope of ours (a cheap byte search before any parsing)? */
export function holdsEnvelope(body: Buffer): boolean {
  return body.includes(ENVELOPE_PREFIX);
}

/**
 * A Responses request without the proxy's envelopes, for a Responses upstream (OpenAI): reasoning
 * items that carry one are dropped; OpenAI's own reasoning items stay.
 */
export function scrubResponsesInput(body: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(body.input)) return body;
  return { ...body, input: body.input.filter((i) => !(isRecord(i) && i.type === 'reasoning' && unpackEnvelope(i.encrypted_content))) };
}
