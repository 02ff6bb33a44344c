// Helpers for the stream golden tests: run a recorded upstream stream through the parser, a
// decoder and an encoder in small uneven chunks, and check what a client would see.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Protocol } from '../../src/proxy/errors';
import type { IRStreamEvent, StreamEncoder } from '../../src/proxy/translate/ir';
import { PROVIDERS } from '../../src/proxy/providers/registry';
import { SseParser, type SseEvent } from '../../src/proxy/translate/sse';

export function fixture(name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', 'streams', name), 'utf8');
}

/** Splits text into chunks of 1..13 characters (deterministic), as a network would. */
export function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0, n = 1; i < text.length; n = ((n * 7 + 3) % 13) + 1) {
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

export function parseAll(text: string): SseEvent[] {
  const p = new SseParser();
  const out: SseEvent[] = [];
  for (const c of chunks(text)) out.push(...p.push(c));
  out.push(...p.end());
  return out;
}

export function decode(kind: Protocol, text: string, model = 'm'): IRStreamEvent[] {
  const d = PROVIDERS[kind].streamDecoder(model);
  return parseAll(text).flatMap((e) => d.push(e.event, e.data));
}

export function encode(enc: StreamEncoder, events: IRStreamEvent[]): string {
  return events.map((e) => enc.push(e)).join('') + enc.end();
}

/** Checks an Anthropic stream's structure and returns the message a client would assemble. */
export function assembleAnthropic(text: string): { content: Array<Record<string, unknown>>; stop_reason: unknown; usage: Record<string, number> } {
  const events = parseAll(text).map((e) => ({ name: e.event, data: JSON.parse(e.data) as Record<string, any> })); // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const e of events) assert.equal(e.name, e.data.type, 'event name equals data.type');
  assert.equal(events[0].name, 'message_start');
  assert.equal(events.at(-1)?.name, 'message_stop');
  assert.equal(events.at(-2)?.name, 'message_delta');
  const content: Array<Record<string, any>> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  let open = -1;
  const json: string[] = [];
  let usage = { ...events[0].data.message.usage };
  for (const e of events.slice(1, -2)) {
    if (e.name === 'content_block_start') {
      assert.equal(open, -1, 'a block starts only after the previous one stopped');
      assert.equal(e.data.index, content.length, 'blocks are numbered in order from 0');
      open = e.data.index;
      content.push({ ...e.data.content_block });
      json[open] = '';
    } else if (e.name === 'content_block_delta') {
      assert.equal(e.data.index, open, 'a delta belongs to the open block');
      const d = e.data.delta;
      const b = content[open];
      if (d.type === 'text_delta') b.text += d.text;
      else if (d.type === 'thinking_delta') b.thinking += d.thinking;
      else if (d.type === 'signature_delta') b.signature = d.signature;
      else if (d.type === 'input_json_delta') json[open] += d.partial_json;
      else assert.fail(`unknown delta ${d.type}`);
    } else if (e.name === 'content_block_stop') {
      assert.equal(e.data.index, open);
      if (content[open].type === 'tool_use') content[open].input = json[open] ? JSON.parse(json[open]) : {};
      open = -1;
    } else if (e.name !== 'ping' && e.name !== 'error') assert.fail(`unexpected ${e.name}`);
  }
  assert.equal(open, -1, 'every block is closed');
  usage = { ...usage, ...events.at(-2)!.data.usage };
  return { content, stop_reason: events.at(-2)!.data.delta.stop_reason, usage };
}

/** Checks an OpenAI chunk stream and returns the assembled message. */
export function assembleOpenai(text: string): {
  content: string;
  reasoning: string;
  tool_calls: Array<{ id: string; name: string; arguments: string }>;
  finish_reason: unknown;
  usage: unknown;
} {
  const events = parseAll(text);
  assert.equal(events.at(-1)?.data, '[DONE]', 'ends with [DONE]');
  let content = '';
  let reasoning = '';
  let finish: unknown = null;
  let usage: unknown;
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  for (const e of events.slice(0, -1)) {
    const c = JSON.parse(e.data);
    assert.equal(c.object, 'chat.completion.chunk');
    if (c.usage) usage = c.usage;
    const ch = c.choices[0];
    if (!ch) continue;
    content += ch.delta.content ?? '';
    reasoning += ch.delta.reasoning_content ?? '';
    for (const tc of ch.delta.tool_calls ?? []) {
      if (tc.id) calls[tc.index] = { id: tc.id, name: tc.function.name, arguments: '' };
      calls[tc.index].arguments += tc.function?.arguments ?? '';
    }
    if (ch.finish_reason) finish = ch.finish_reason;
  }
  return { content, reasoning, tool_calls: calls, finish_reason: finish, usage };
}
