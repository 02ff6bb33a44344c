// Golden tests for the stream transforms on recorded real-world stream shapes (test/fixtures/
// streams, written from each provider's documented wire format): what each decoder makes of them,
// and what each client protocol receives after re-encoding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnthropicStreamEncoder } from '../../src/proxy/providers/anthropic/stream';
import { createOpenaiStreamEncoder } from '../../src/proxy/providers/openai/stream';
import { createGeminiStreamEncoder } from '../../src/proxy/providers/gemini/stream';
import { assembleAnthropic, assembleOpenai, decode, encode, fixture, parseAll } from './streamCheck';

test('OpenAI parallel tool calls with interleaved argument deltas -> IR', () => {
  const ir = decode('openai', fixture('openai-parallel-tools.sse'));
  assert.deepEqual(ir, [
    { type: 'start', id: 'chatcmpl-AbC123', model: 'gpt-4o-2024-08-06' },
    { type: 'tool_start', index: 0, id: 'call_wHa1', name: 'Read' },
    { type: 'tool_args', index: 0, delta: '{"fi' },
    { type: 'tool_args', index: 0, delta: 'le_path": "a.ts"}' },
    { type: 'tool_start', index: 1, id: 'call_xYz2', name: 'Read' },
    { type: 'tool_args', index: 1, delta: '{"file_path": ' },
    { type: 'tool_args', index: 1, delta: '"b.ts"}' },
    { type: 'stop', reason: 'tool_use' },
    { type: 'usage', usage: { inputTokens: 120, outputTokens: 38, cacheReadTokens: 64 } },
  ]);
});

test('OpenAI parallel tool calls -> Anthropic client: two tool_use blocks, in order, closed', () => {
  const msg = assembleAnthropic(encode(createAnthropicStreamEncoder(), decode('openai', fixture('openai-parallel-tools.sse'))));
  assert.deepEqual(msg.content, [
    { type: 'tool_use', id: 'call_wHa1', name: 'Read', input: { file_path: 'a.ts' } },
    { type: 'tool_use', id: 'call_xYz2', name: 'Read', input: { file_path: 'b.ts' } },
  ]);
  assert.equal(msg.stop_reason, 'tool_use');
  assert.deepEqual(msg.usage, { input_tokens: 56, output_tokens: 38, cache_read_input_tokens: 64 });
});

test('a tool call whose arguments arrive after the next call started is not lost (Anthropic client)', () => {
  const enc = createAnthropicStreamEncoder();
  const msg = assembleAnthropic(
    encode(enc, [
      { type: 'start', id: 'x', model: 'm' },
      { type: 'tool_start', index: 0, id: 'a', name: 'A' },
      { type: 'tool_start', index: 1, id: 'b', name: 'B' },
      { type: 'tool_args', index: 1, delta: '{"b":' },
      { type: 'tool_args', index: 0, delta: '{"a":1}' },
      { type: 'tool_args', index: 1, delta: '2}' },
      { type: 'stop', reason: 'tool_use' },
    ]),
  );
  assert.deepEqual(
    msg.content.map((c) => c.input),
    [{ a: 1 }, { b: 2 }],
  );
});

test('Azure stream (CRLF, comment, empty prompt_filter chunk, multi-byte text) -> Anthropic client', () => {
  const msg = assembleAnthropic(encode(createAnthropicStreamEncoder(), decode('openai', fixture('azure-crlf-text.sse'))));
  assert.deepEqual(msg.content, [{ type: 'text', text: 'Grüße 🌍' }]);
  assert.equal(msg.stop_reason, 'max_tokens');
});

test('DeepSeek reasoning_content -> Anthropic thinking block, then text', () => {
  const msg = assembleAnthropic(encode(createAnthropicStreamEncoder(), decode('openai', fixture('deepseek-reasoning.sse'))));
  assert.deepEqual(msg.content, [
    { type: 'thinking', thinking: 'The user greets me.', signature: '' },
    { type: 'text', text: 'Hi!' },
  ]);
  assert.equal(msg.stop_reason, 'end_turn');
  assert.equal(msg.usage.output_tokens, 12);
});

test('Ollama: a whole tool call in one delta and finish_reason "stop" -> tool_use', () => {
  const out = encode(createAnthropicStreamEncoder(), decode('openai', fixture('ollama-whole-tool.sse')));
  const msg = assembleAnthropic(out);
  assert.deepEqual(msg.content, [{ type: 'tool_use', id: 'call_k2lq', name: 'get_time', input: {} }]);
  assert.equal(msg.stop_reason, 'tool_use');
  // The exact wire text, as a golden record of the encoder's output.
  assert.equal(
    out,
    [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_chatcmpl-512","type":"message","role":"assistant","model":"qwen2.5-coder:7b","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}}\n\n',
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"call_k2lq","name":"get_time","input":{}}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{}"}}\n\n',
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":0,"output_tokens":0}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ].join(''),
  );
});

test('Anthropic thinking + text + tool_use -> IR', () => {
  const ir = decode('anthropic', fixture('anthropic-thinking-tool.sse'));
  assert.deepEqual(ir, [
    {
      type: 'start',
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      model: 'claude-sonnet-4-5-20250929',
      usage: { inputTokens: 1496, outputTokens: 2, cacheReadTokens: 1024 },
    },
    { type: 'thinking', text: 'I should list' },
    { type: 'thinking', text: ' the files.' },
    { type: 'thinking_signature', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
    { type: 'text', text: 'Let me look.' },
    { type: 'tool_start', index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'Bash' },
    { type: 'tool_args', index: 0, delta: '{"command": "ls' },
    { type: 'tool_args', index: 0, delta: ' -la"}' },
    { type: 'usage', usage: { inputTokens: 0, outputTokens: 89 } },
    { type: 'stop', reason: 'tool_use' },
  ]);
});

test('Anthropic thinking + tool_use -> OpenAI client: reasoning_content, the tool call, usage, [DONE]', () => {
  const msg = assembleOpenai(encode(createOpenaiStreamEncoder({ includeUsage: true }), decode('anthropic', fixture('anthropic-thinking-tool.sse'))));
  assert.equal(msg.reasoning, 'I should list the files.');
  assert.equal(msg.content, 'Let me look.');
  assert.deepEqual(msg.tool_calls, [{ id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'Bash', arguments: '{"command": "ls -la"}' }]);
  assert.equal(msg.finish_reason, 'tool_calls');
  assert.deepEqual(msg.usage, { prompt_tokens: 1496, completion_tokens: 89, total_tokens: 1585, prompt_tokens_details: { cached_tokens: 1024 } });
});

test('Anthropic overloaded error mid-stream -> an error event for each client protocol', () => {
  const ir = decode('anthropic', fixture('anthropic-overloaded.sse'));
  assert.deepEqual(ir.at(-1), { type: 'error', status: 529, message: 'Overloaded' });
  const openai = createOpenaiStreamEncoder({ includeUsage: false });
  const text = ir.map((e) => openai.push(e)).join('');
  const last = JSON.parse(parseAll(text).at(-1)!.data);
  assert.equal(last.error.message, 'Overloaded');
  const anthropic = createAnthropicStreamEncoder();
  const atext = ir.map((e) => anthropic.push(e)).join('');
  assert.match(atext, /event: error\ndata: \{"type":"error","error":\{"type":"overloaded_error","message":"Overloaded"/);
});

test('Gemini thoughts and a whole functionCall -> IR -> Anthropic client', () => {
  const ir = decode('gemini', fixture('gemini-thought-tool.sse'), 'gemini-2.5-flash');
  assert.deepEqual(ir.slice(0, 3), [
    { type: 'start', id: 'kXw1aN2pFqqwvdIPxr3q2Qs', model: 'gemini-2.5-flash' },
    { type: 'thinking', text: '**Planning** the listing' },
    { type: 'usage', usage: { inputTokens: 40, outputTokens: 0 } },
  ]);
  const msg = assembleAnthropic(encode(createAnthropicStreamEncoder(), ir));
  assert.deepEqual(
    msg.content.map((c) => c.type),
    ['thinking', 'text', 'tool_use'],
  );
  assert.equal(msg.content[2].name, 'Bash');
  assert.deepEqual(msg.content[2].input, { command: 'ls -la' });
  assert.equal(msg.stop_reason, 'tool_use');
  assert.equal(msg.usage.output_tokens, 56);
});

test('OpenAI tool-call deltas -> Gemini client: one functionCall with the whole arguments', () => {
  const text = encode(createGeminiStreamEncoder(), decode('openai', fixture('openai-parallel-tools.sse')));
  const chunks = parseAll(text).map((e) => JSON.parse(e.data));
  const calls = chunks.flatMap((c) => c.candidates[0].content.parts).filter((p: { functionCall?: unknown }) => p.functionCall);
  assert.deepEqual(
    calls.map((p: { functionCall: unknown }) => p.functionCall),
    [
      { id: 'call_wHa1', name: 'Read', args: { file_path: 'a.ts' } },
      { id: 'call_xYz2', name: 'Read', args: { file_path: 'b.ts' } },
    ],
  );
  assert.equal(chunks.at(-1).candidates[0].finishReason, 'STOP');
  assert.deepEqual(chunks.at(-1).usageMetadata, { promptTokenCount: 120, candidatesTokenCount: 38, totalTokenCount: 158, cachedContentTokenCount: 64 });
});
