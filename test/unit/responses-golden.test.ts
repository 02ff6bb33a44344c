// Golden tests for the Responses API transforms (Codex): request items -> IR, and the stream a
// Responses client receives for text, reasoning and tool calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { responsesRequestToIR } from '../../src/proxy/providers/openai/responses/request';
import { createResponsesStreamEncoder } from '../../src/proxy/providers/openai/responses/stream';
import { decode, encode, fixture, parseAll } from './streamCheck';

test('a Codex-shaped request -> IR', () => {
  const ir = responsesRequestToIR({
    model: 'gpt-5-codex',
    instructions: 'You are Codex.',
    input: [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<env>linux</env>' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list files' }] },
      { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAA' },
      { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' },
      { type: 'function_call_output', call_id: 'call_1', output: '{"output":"a.ts","metadata":{"exit_code":0}}' },
    ],
    tools: [
      {
        type: 'function',
        name: 'shell',
        description: 'Runs a command',
        strict: false,
        parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } }, required: ['command'] },
      },
      { type: 'web_search' },
    ],
    tool_choice: 'auto',
    parallel_tool_calls: false,
    reasoning: { effort: 'low', summary: 'auto' },
    store: false,
    stream: true,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: 'abc',
  });
  assert.equal(ir.system, 'You are Codex.\n\n<env>linux</env>');
  assert.deepEqual(ir.messages, [
    { role: 'user', parts: [{ type: 'text', text: 'list files' }] },
    { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' }] },
    { role: 'user', parts: [{ type: 'tool_result', id: 'call_1', name: 'shell', content: '{"output":"a.ts","metadata":{"exit_code":0}}' }] },
  ]);
  assert.deepEqual(
    ir.tools?.map((t) => t.name),
    ['shell'],
  );
  assert.deepEqual(ir.reasoning, { mode: 'auto', effort: 'low', includeThoughts: true });
  assert.equal(ir.stream, true);
});

test('Anthropic thinking + text + tool call -> Responses stream: items opened, filled and closed in order', () => {
  const text = encode(createResponsesStreamEncoder(1700000000), decode('anthropic', fixture('anthropic-thinking-tool.sse')));
  const events = parseAll(text).map((e) => ({ name: e.event, data: JSON.parse(e.data) }));
  events.forEach((e, i) => {
    assert.equal(e.name, e.data.type);
    assert.equal(e.data.sequence_number, i, 'sequence numbers count up from 0');
  });
  assert.deepEqual(
    events.map((e) => e.name),
    [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ],
  );
  const completed = events.at(-1)!.data.response;
  assert.equal(completed.status, 'completed');
  assert.deepEqual(
    completed.output.map((o: { type: string }) => o.type),
    ['reasoning', 'message', 'function_call'],
  );
  assert.deepEqual(completed.output[2], {
    type: 'function_call',
    id: completed.output[2].id,
    call_id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
    name: 'Bash',
    arguments: '{"command": "ls -la"}',
    status: 'completed',
  });
  assert.equal(completed.output[1].content[0].text, 'Let me look.');
  assert.deepEqual(completed.usage, {
    input_tokens: 1496,
    input_tokens_details: { cached_tokens: 1024 },
    output_tokens: 89,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 1585,
  });
  const indexes = events.filter((e) => e.name === 'response.output_item.done').map((e) => e.data.output_index);
  assert.deepEqual(indexes, [0, 1, 2]);
});

test('max_tokens -> response.incomplete with the reason', () => {
  const text = encode(createResponsesStreamEncoder(), decode('openai', fixture('azure-crlf-text.sse')));
  const last = JSON.parse(parseAll(text).at(-1)!.data);
  assert.equal(last.type, 'response.incomplete');
  assert.deepEqual(last.response.incomplete_details, { reason: 'max_output_tokens' });
});
