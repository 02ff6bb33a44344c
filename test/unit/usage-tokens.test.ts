// Token counts out of real answers of the three protocols (issue 15), whole or chunk by chunk, and
// the things that must not fool the scanner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { extractUsage, UsageScanner } from '../../src/proxy/usage/tokens';

const fixture = (name: string): Buffer => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'streams', name));

/** Feeds `body` in pieces of `size` bytes (1 = every possible split point). */
function chunked(body: Buffer, size: number): ReturnType<UsageScanner['counts']> {
  const s = new UsageScanner();
  for (let i = 0; i < body.length; i += size) s.push(body.subarray(i, i + size));
  return s.counts();
}

const STREAMS: Array<[string, { inputTokens: number; outputTokens: number }]> = [
  // Anthropic: input at message_start (472 + 1024 cache reads), output at message_delta.
  ['anthropic-thinking-tool.sse', { inputTokens: 1496, outputTokens: 89 }],
  // OpenAI: the last chunk's usage (stream_options.include_usage); every earlier chunk has "usage":null.
  ['openai-parallel-tools.sse', { inputTokens: 120, outputTokens: 38 }],
  ['deepseek-reasoning.sse', { inputTokens: 9, outputTokens: 12 }],
  // Gemini: cumulative usageMetadata, thoughts counted as output.
  ['gemini-thought-tool.sse', { inputTokens: 40, outputTokens: 56 }],
];

test('SSE streams of all three protocols, whole and split at every byte', () => {
  for (const [name, want] of STREAMS) {
    const body = fixture(name);
    assert.deepEqual(extractUsage(body), want, name);
    for (const size of [1, 2, 3, 7, 64, 4096]) assert.deepEqual(chunked(body, size), want, `${name} in ${size}-byte chunks`);
  }
});

test('whole JSON answers: OpenAI chat, Responses, Anthropic, Gemini', () => {
  assert.deepEqual(
    extractUsage(JSON.stringify({ id: 'c', choices: [{ message: { content: 'hi' } }], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } })),
    { inputTokens: 3, outputTokens: 4 },
  );
  assert.deepEqual(
    extractUsage(
      JSON.stringify({
        id: 'resp_1',
        object: 'response',
        output: [{ type: 'message', content: [{ type: 'output_text', text: 'ok' }] }],
        usage: {
          input_tokens: 50,
          input_tokens_details: { cached_tokens: 20 },
          output_tokens: 9,
          output_tokens_details: { reasoning_tokens: 4 },
          total_tokens: 59,
        },
      }),
    ),
    { inputTokens: 50, outputTokens: 9 },
  );
  assert.deepEqual(
    extractUsage(
      JSON.stringify({
        id: 'msg_1',
        type: 'message',
        content: [{ type: 'text', text: 'ok' }],
        usage: { input_tokens: 10, cache_read_input_tokens: 5, output_tokens: 2 },
      }),
    ),
    { inputTokens: 15, outputTokens: 2 },
  );
  assert.deepEqual(
    extractUsage('{\n  "candidates": [],\n  "usageMetadata": {\n    "promptTokenCount": 8,\n    "candidatesTokenCount": 3,\n    "totalTokenCount": 11\n  }\n}'),
    { inputTokens: 8, outputTokens: 3 },
  );
});

test('Responses stream: usage comes with response.completed, not response.created', () => {
  const body =
    `event: response.created\ndata: {"type":"response.created","response":{"id":"r","status":"in_progress","usage":null}}\n\n` +
    `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"hi"}\n\n` +
    `event: response.completed\ndata: {"type":"response.completed","response":{"id":"r","status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"hi"}]}],"usage":{"input_tokens":12,"input_tokens_details":{"cached_tokens":0},"output_tokens":2,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":14}}}\n\n`;
  assert.deepEqual(extractUsage(body), { inputTokens: 12, outputTokens: 2 });
  assert.deepEqual(chunked(Buffer.from(body), 5), { inputTokens: 12, outputTokens: 2 });
});

test('text that talks about "usage" does not count', () => {
  const quoted = JSON.stringify({ choices: [{ delta: { content: 'set "usage": {"prompt_tokens": 999} in the config' } }] });
  assert.equal(extractUsage(`data: ${quoted}\n\n`), undefined);
  const args = JSON.stringify({ choices: [{ delta: { tool_calls: [{ function: { arguments: '{"usage":{"prompt_tokens":5}}' } }] } }] });
  assert.equal(extractUsage(`data: ${args}\n\n`), undefined);
  assert.equal(extractUsage('{"type":"usage","usage_note":{"prompt_tokens":1},"usages":[]}'), undefined);
});

test('no usage, null usage, a cut-off or broken usage object: no counts, no throw', () => {
  assert.equal(extractUsage('data: {"choices":[],"usage":null}\n\ndata: [DONE]\n\n'), undefined);
  assert.equal(extractUsage('{"usage":{"prompt_tokens":3,'), undefined);
  assert.equal(extractUsage('{"usage":{"prompt_tokens":3x}}'), undefined);
  assert.equal(extractUsage(''), undefined);
  const s = new UsageScanner();
  s.push('{"usage":{' + ' '.repeat(40_000));
  s.push('"prompt_tokens":1}}');
  assert.equal(s.counts(), undefined, 'an endless object is given up, not buffered');
});
