// Token counts out of real answers of the three protocols (issue 15), whole or chunk by chunk, and
// the things that must not fool the scanner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { extractUsage, usageFromBlock, UsageScanner } from '../../src/proxy/usage/tokens';
import { irUsage, mergeUsage } from '../../src/proxy/translate/ir';
import { anthropicUsageToIR } from '../../src/proxy/providers/anthropic/response';
import { geminiUsageToIR } from '../../src/proxy/providers/gemini/response';
import { openaiUsageToIR } from '../../src/proxy/providers/openai/response';
import { responsesUsageToIR } from '../../src/proxy/providers/openai/responses/response';

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

/**
 * A whole body kept in pieces of `size` bytes, then searched from its end: by `counts()` itself
 * (the pass-through's way for JSON answers: the search runs when the store's batch asks), and
 * with `endBody` first; both must agree.
 */
function keptWhole(body: Buffer | string, size: number): ReturnType<UsageScanner['counts']> {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  const lazy = new UsageScanner();
  const eager = new UsageScanner();
  for (let i = 0; i < b.length; i += size) {
    lazy.keep(b.subarray(i, i + size));
    eager.keep(b.subarray(i, i + size));
  }
  eager.endBody();
  const counts = lazy.counts();
  assert.deepEqual(eager.counts(), counts, 'endBody first or not: the same counts');
  assert.deepEqual(lazy.counts(), counts, 'asked twice: the same counts');
  return counts;
}

test('whole JSON bodies are searched from the end: the same counts, split anywhere, however long', () => {
  const bodies: Array<[string, { inputTokens: number; outputTokens: number }]> = [
    [
      JSON.stringify({ id: 'c', choices: [{ message: { content: 'hi' } }], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } }),
      { inputTokens: 3, outputTokens: 4 },
    ],
    [
      JSON.stringify({ id: 'r', object: 'response', output: [], usage: { input_tokens: 50, output_tokens: 9, total_tokens: 59 }, user: null, metadata: {} }),
      { inputTokens: 50, outputTokens: 9 },
    ],
    [
      '{\n  "candidates": [],\n  "usageMetadata": {\n    "promptTokenCount": 8,\n    "candidatesTokenCount": 3\n  },\n  "modelVersion": "g"\n}',
      { inputTokens: 8, outputTokens: 3 },
    ],
    // An Anthropic tool call whose input has a "usage" object of its own: the answer's report comes after it.
    [
      JSON.stringify({
        id: 'msg_1',
        type: 'message',
        content: [{ type: 'tool_use', id: 't', name: 'meter', input: { usage: { input_tokens: 999, output_tokens: 999 } } }],
        usage: { input_tokens: 10, cache_read_input_tokens: 5, output_tokens: 2 },
      }),
      { inputTokens: 15, outputTokens: 2 },
    ],
    // The key at the body's first bytes, and 'g's after the report (the backward search looks for a 'g' first).
    ['{"usage":{"prompt_tokens":5,"completion_tokens":6}}', { inputTokens: 5, outputTokens: 6 }],
    [JSON.stringify({ usage: { input_tokens: 7, output_tokens: 8 }, tag: 'gggg', '"usage': 'g', end: 'usage"g' }), { inputTokens: 7, outputTokens: 8 }],
    // Longer than the tail kept (64 KiB): the report near the end is still found.
    [
      JSON.stringify({ id: 'c', choices: [{ message: { content: 'x'.repeat(200_000) } }], usage: { prompt_tokens: 1, completion_tokens: 2 } }),
      { inputTokens: 1, outputTokens: 2 },
    ],
  ];
  for (const [body, want] of bodies) {
    for (const size of [1, 3, 7, 64, 1000, 70_000, body.length])
      assert.deepEqual(keptWhole(body, size), want, `${body.slice(0, 30)}... in ${size}-byte pieces`);
    assert.deepEqual(extractUsage(body), want, 'the stream scanner agrees');
  }
  // Gemini's streamGenerateContent without alt=sse: a JSON array of cumulative reports; the last one counts.
  const arr = JSON.stringify([
    { candidates: [], usageMetadata: { promptTokenCount: 8, candidatesTokenCount: 1 } },
    { candidates: [], usageMetadata: { promptTokenCount: 8, candidatesTokenCount: 5 } },
  ]);
  assert.deepEqual(keptWhole(arr, 10), { inputTokens: 8, outputTokens: 5 });
});

test('whole JSON bodies: quoted, cut or missing reports give no counts', () => {
  const quoted = JSON.stringify({ choices: [{ message: { content: 'set "usage": {"prompt_tokens": 999} in the config' } }] });
  assert.equal(keptWhole(quoted, 5), undefined);
  assert.equal(keptWhole('{"id":"c","usage":{"prompt_tokens":3,', 4), undefined);
  // Cut in its report, in one piece: a tool's "usage" argument before it is not taken for the report.
  const cut = '{"content":[{"type":"tool_use","input":{"usage":{"input_tokens":999}}}],"usage":{"input_tokens":3,';
  assert.equal(keptWhole(cut, cut.length), undefined);
  assert.equal(keptWhole('{"id":"c","usage":null}', 4), undefined);
  const s = new UsageScanner();
  s.endBody();
  assert.equal(s.counts(), undefined, 'nothing kept');
});

test('usage reports read by walking their bytes give the counts JSON.parse gives, for every shape of report (2,000 generated)', () => {
  // A seeded generator (the same cases every run): the protocols' count fields in any order and
  // subset, with other fields of every JSON type (strings holding quotes, braces, backslashes and
  // the key names, nested objects and arrays, null, booleans, fractions), any whitespace, and
  // counts written the ways JSON allows (null, fractions, exponents, large numbers) that the walk
  // hands to JSON.parse.
  let seed = 42;
  const rnd = (n: number): number => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)];
  const counts = [
    'prompt_tokens',
    'completion_tokens',
    'total_tokens',
    'input_tokens',
    'output_tokens',
    'cache_read_input_tokens',
    'cache_creation_input_tokens',
    'promptTokenCount',
    'candidatesTokenCount',
    'thoughtsTokenCount',
    'cachedContentTokenCount',
  ];
  const others = ['input_tokens_details', 'output_tokens_details', 'prompt_tokens_details', 'server_tool_use', 'service_tier', 'promptTokensDetails', 'note'];
  const ws = (): string => pick(['', '', ' ', '\n  ', '\t', ' \r\n']);
  // Plain integers most of the time (the walk takes those), else what it hands to JSON.parse.
  const countValue = (): [string, boolean] =>
    rnd(8) > 0 ? [String(pick([rnd(100000), rnd(10), 0])), true] : [pick(['null', '1.5', '2e3', '-1', '12345678901234567', '7.0']), false];
  const otherValue = (): string =>
    pick([
      '{"cached_tokens":3,"audio_tokens":0}',
      '[{"modality":"TEXT","tokenCount":8}]',
      '"with \\"quotes\\", {braces} and \\\\ backslash"',
      '"prompt_tokens"',
      'null',
      'true',
      'false',
      '0.25',
      '{"input_tokens":999,"nested":{"output_tokens":[1,2,{"x":"}"}]}}',
      '[]',
      '{}',
    ]);
  const reference = (key: 'usage' | 'usageMetadata', obj: string) => {
    try {
      const u = usageFromBlock(key, JSON.parse(obj));
      return u ? { inputTokens: u.inputTokens, outputTokens: u.outputTokens } : undefined;
    } catch {
      return undefined;
    }
  };
  let walked = 0;
  for (let i = 0; i < 2000; i++) {
    const names = new Set<string>();
    const members: string[] = [];
    let plain = true;
    for (let m = rnd(6); m >= 0; m--) {
      const count = rnd(3) > 0;
      const name = count ? pick(counts) : pick(others);
      names.add(name);
      const [value, isPlain] = count ? countValue() : [otherValue(), true];
      plain &&= isPlain;
      members.push(`${ws()}"${name}"${ws()}:${ws()}${value}${ws()}`);
    }
    const obj = `{${members.join(',')}}`;
    const key = names.has('promptTokenCount') || rnd(5) === 0 ? 'usageMetadata' : 'usage';
    const body = `{"id":"x","choices":[],"${key}":${ws()}${obj}${ws()}}`;
    const want = reference(key, obj);
    assert.deepEqual(extractUsage(body), want, body);
    assert.deepEqual(keptWhole(body, 1 + rnd(40)), want, `kept in pieces: ${body}`);
    if (plain) walked++;
  }
  assert.ok(walked > 800, `most cases are plain integer reports the walk takes whole (${walked})`);
});

test('usage reports: a key spelled with an escape reads as JSON.parse reads it; a malformed value no count depends on is skipped', () => {
  assert.deepEqual(extractUsage('{"usage":{"prompt\\u005ftokens":5,"completion_tokens":2}}'), { inputTokens: 5, outputTokens: 2 });
  assert.deepEqual(extractUsage('{"usage":{"prompt_tokens":7,"completion_tokens_details":{oops},"completion_tokens":1}}'), { inputTokens: 7, outputTokens: 1 });
  // At the top level a report must be well formed: the walk hands it to JSON.parse, which refuses it.
  assert.equal(extractUsage('{"usage":{"prompt_tokens":3 "completion_tokens":1}}'), undefined);
  assert.equal(extractUsage('{"usage":{"prompt_tokens":03}}'), undefined);
  // Anthropic sends null for a cache count it does not know: the report still counts.
  assert.deepEqual(extractUsage('{"usage":{"input_tokens":4,"cache_creation_input_tokens":null,"output_tokens":6}}'), { inputTokens: 4, outputTokens: 6 });
});

test('each provider usage block becomes IR usage with cache and reasoning keys only when there are some', () => {
  // deepStrictEqual: a key holding undefined or 0 would not be equal to no key.
  assert.deepStrictEqual(openaiUsageToIR({ prompt_tokens: 5, completion_tokens: 2 }), { inputTokens: 5, outputTokens: 2 });
  assert.deepStrictEqual(
    openaiUsageToIR({
      prompt_tokens: 5,
      completion_tokens: 2,
      prompt_tokens_details: { cached_tokens: 3 },
      completion_tokens_details: { reasoning_tokens: 1 },
    }),
    { inputTokens: 5, outputTokens: 2, cacheReadTokens: 3, reasoningTokens: 1 },
  );
  assert.deepStrictEqual(openaiUsageToIR({ prompt_tokens: 5, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: null }), {
    inputTokens: 5,
    outputTokens: 0,
  });
  assert.deepStrictEqual(responsesUsageToIR({ input_tokens: 9, output_tokens: 4, total_tokens: 13, input_tokens_details: { cached_tokens: 6 } }), {
    inputTokens: 9,
    outputTokens: 4,
    cacheReadTokens: 6,
  });
  assert.deepStrictEqual(anthropicUsageToIR({ input_tokens: 2, cache_read_input_tokens: 8, cache_creation_input_tokens: 1, output_tokens: 3 }), {
    inputTokens: 11,
    outputTokens: 3,
    cacheReadTokens: 8,
  });
  assert.deepStrictEqual(anthropicUsageToIR({ input_tokens: 2, output_tokens: 3, output_tokens_details: { thinking_tokens: 'x' } }), {
    inputTokens: 2,
    outputTokens: 3,
  });
  assert.deepStrictEqual(geminiUsageToIR({ promptTokenCount: 4, candidatesTokenCount: 5, thoughtsTokenCount: 2, cachedContentTokenCount: 0 }), {
    inputTokens: 4,
    outputTokens: 7,
    reasoningTokens: 2,
  });
  assert.equal(openaiUsageToIR(null), undefined);
  // Later reports win field by field; a cache count from an earlier one stays.
  assert.deepStrictEqual(mergeUsage({ inputTokens: 10, outputTokens: 0, cacheReadTokens: 4 }, { inputTokens: 0, outputTokens: 7 }), {
    inputTokens: 10,
    outputTokens: 7,
    cacheReadTokens: 4,
  });
  assert.deepStrictEqual(irUsage(1, 2, NaN, 0), { inputTokens: 1, outputTokens: 2 });
});
