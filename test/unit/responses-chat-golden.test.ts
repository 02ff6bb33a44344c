// Codex through providers without the Responses API (issue 14, translation-gaps §3-§4): its items
// and tools as chat completions and back in the kind it offered; the reasoning state a provider
// wants back carried in encrypted_content; exactly one terminal event, response.failed on an
// upstream error (an `error` then response.completed made Codex exit 0 with an empty answer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { irToOpenaiRequest } from '../../src/proxy/providers/openai/request';
import { createOpenaiStreamDecoder } from '../../src/proxy/providers/openai/stream';
import { responsesRequestToIR } from '../../src/proxy/providers/openai/responses/request';
import { irToResponsesResponse } from '../../src/proxy/providers/openai/responses/response';
import { createResponsesStreamEncoder } from '../../src/proxy/providers/openai/responses/stream';
import { irToAnthropicRequest } from '../../src/proxy/providers/anthropic/request';
import { irToGeminiRequest } from '../../src/proxy/providers/gemini/request';
import { ENVELOPE_PREFIX, packEnvelope, scrubResponsesInput, unpackEnvelope } from '../../src/proxy/translate/carry';
import type { IRStreamEvent } from '../../src/proxy/translate/ir';

/** What Codex 0.169 sends (measured: translation-gaps §4.1), cut down. */
const CODEX = {
  model: 'qwen3',
  stream: true,
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'base prompt' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'fix it' }] },
    { type: 'custom_tool_call', id: 'ctc_1', status: 'completed', call_id: 'call_p', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
    { type: 'custom_tool_call_output', id: 'ctco_1', call_id: 'call_p', output: 'Done' },
    { type: 'function_call', id: 'fc_2', call_id: 'call_a', name: 'spawn_agent', namespace: 'multi_agent_v1', arguments: '{"task":"x"}' },
    { type: 'function_call_output', call_id: 'call_a', output: 'spawned' },
  ],
  tools: [
    { type: 'function', name: 'exec_command', strict: false, parameters: { type: 'object', properties: { cmd: { type: 'string' } } } },
    {
      type: 'namespace',
      name: 'multi_agent_v1',
      tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object', properties: { task: { type: 'string' } } } }],
    },
    { type: 'custom', name: 'apply_patch', description: 'Patch files.', format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch' } },
    { type: 'web_search', external_web_access: true },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: true,
  reasoning: { effort: 'high', summary: 'auto' },
  store: false,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'uuid',
};

test('Codex request -> chat completions: one system message, custom/namespace tools as functions, hosted tools dropped', () => {
  const ir = responsesRequestToIR(CODEX);
  const chat = irToOpenaiRequest(ir, { reasoningContent: true });
  assert.deepEqual(chat.messages, [
    { role: 'system', content: 'base prompt' },
    { role: 'user', content: 'fix it' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_p', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch\\n*** End Patch"}' } }],
    },
    { role: 'tool', tool_call_id: 'call_p', content: 'Done' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'multi_agent_v1__spawn_agent', arguments: '{"task":"x"}' } }],
    },
    { role: 'tool', tool_call_id: 'call_a', content: 'spawned' },
  ]);
  const tools = chat.tools as Array<{ function: { name: string; description?: string; parameters: unknown } }>;
  assert.deepEqual(
    tools.map((t) => t.function.name),
    ['exec_command', 'multi_agent_v1__spawn_agent', 'apply_patch'],
  );
  assert.match(String(tools[2].function.description), /Patch files\.\nInput must match this lark grammar:\nstart: begin_patch/);
  assert.deepEqual(tools[2].function.parameters, {
    type: 'object',
    properties: { input: { type: 'string', description: 'The tool input, as free-form text.' } },
    required: ['input'],
  });
  assert.equal(chat.reasoning_effort, 'high');
  assert.equal(chat.stream, true);
  assert.deepEqual(chat.stream_options, { include_usage: true });
  for (const gone of ['store', 'include', 'prompt_cache_key', 'parallel_tool_calls', 'input']) assert.equal(chat[gone], undefined, gone);
});

const sse = (chunks: unknown[]): IRStreamEvent[] => {
  const d = createOpenaiStreamDecoder();
  return chunks.flatMap((c) => d.push(undefined, JSON.stringify(c)));
};
const chunk = (delta: unknown, finish: string | null = null) => ({ id: 'c1', model: 'qwen3', choices: [{ index: 0, delta, finish_reason: finish }] });

function events(text: string): Array<{ type: string; [k: string]: unknown }> {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((e) => JSON.parse(e.slice(e.indexOf('data: ') + 6)));
}

test('chat stream -> Responses stream: reasoning, text, then calls in the kind Codex offered, one terminal event', () => {
  const ir = responsesRequestToIR(CODEX);
  const enc = createResponsesStreamEncoder(1, ir);
  const ups = sse([
    chunk({ role: 'assistant', reasoning_content: 'Let me look.' }),
    chunk({ content: 'Patching.' }),
    chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: ' Patch"}' } }] }),
    chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'multi_agent_v1__spawn_agent', arguments: '{}' } }] }),
    chunk({}, 'tool_calls'),
    { id: 'c1', choices: [], usage: { prompt_tokens: 10, completion_tokens: 7, total_tokens: 17, completion_tokens_details: { reasoning_tokens: 3 } } },
  ]);
  const out = events(ups.map((e) => enc.push(e)).join('') + enc.end());
  const types = out.map((e) => e.type);
  assert.deepEqual(
    types.filter((t) => t.startsWith('response.') && !t.includes('.delta') && !t.includes('part')),
    [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_text.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.output_text.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ],
  );
  const done = out.filter((e) => e.type === 'response.output_item.done').map((e) => e.item as Record<string, unknown>);
  assert.deepEqual(done[2], {
    type: 'custom_tool_call',
    id: done[2].id,
    call_id: 'call_1',
    name: 'apply_patch',
    input: '*** Begin Patch',
    status: 'completed',
  });
  assert.deepEqual(done[3], {
    type: 'function_call',
    id: done[3].id,
    call_id: 'call_2',
    name: 'spawn_agent',
    namespace: 'multi_agent_v1',
    arguments: '{}',
    status: 'completed',
  });
  assert.equal(out.find((e) => e.type === 'response.function_call_arguments.done')?.name, 'spawn_agent', 'the .done event names the function');
  assert.ok(
    !types.includes('response.custom_tool_call_input.delta') &&
      !out.some((e) => e.type === 'response.function_call_arguments.delta' && e.item_id === done[2].id),
    'a custom call is sent whole',
  );
  const completed = out[out.length - 1].response as { usage: { output_tokens_details: { reasoning_tokens: number } }; output: unknown[] };
  assert.equal(completed.usage.output_tokens_details.reasoning_tokens, 3);
  assert.equal(completed.output.length, 4);
  assert.deepEqual(
    out.map((e) => e.sequence_number),
    out.map((_e, i) => i),
  );
});

test('an upstream error mid-stream ends it with response.failed and nothing after', () => {
  const enc = createResponsesStreamEncoder(1);
  let text = enc.push({ type: 'start', id: 'x', model: 'm' }) + enc.push({ type: 'text', text: 'Hal' });
  text += enc.push({ type: 'error', status: 529, message: 'Overloaded' });
  text += enc.push({ type: 'text', text: 'f' }) + enc.end();
  const out = events(text);
  const last = out[out.length - 1];
  assert.equal(last.type, 'response.failed');
  assert.deepEqual((last.response as { status: string; error: unknown }).error, { code: 'server_error', message: 'Overloaded' });
  assert.equal(out.filter((e) => String(e.type).startsWith('response.completed') || e.type === 'error').length, 0);
  const rate = events(createResponsesStreamEncoder(1).push({ type: 'error', status: 429, message: 'Rate limit reached, try again in 7s' }));
  assert.equal((rate[rate.length - 1].response as { error: { code: string } }).error.code, 'rate_limit_exceeded');
});

test("Anthropic's signed thinking round-trips through Codex's encrypted_content, so thinking stays on", () => {
  const answer = irToResponsesResponse({
    id: 'm1',
    model: 'claude-sonnet-4-5',
    parts: [
      { type: 'thinking', text: 'plan', signature: 'sig-A' },
      { type: 'thinking', text: 'opaque', redacted: true },
      { type: 'tool_call', id: 'toolu_1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
    ],
    stopReason: 'tool_use',
    usage: { inputTokens: 1, outputTokens: 1 },
  });
  const output = answer.output as Array<Record<string, unknown>>;
  assert.equal(output.length, 3);
  assert.ok(String(output[0].encrypted_content).startsWith(ENVELOPE_PREFIX));
  assert.deepEqual(output[1].summary, [], 'redacted thinking shows no text');
  // Codex sends the items back verbatim with the tool's output.
  const next = responsesRequestToIR({
    model: 'claude-sonnet-4-5',
    input: [{ type: 'message', role: 'user', content: 'go' }, ...output, { type: 'function_call_output', call_id: 'toolu_1', output: 'a.ts' }],
    reasoning: { effort: 'high' },
    max_output_tokens: 32000,
  });
  const req = irToAnthropicRequest(next);
  const assistant = (req.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>)[1];
  assert.deepEqual(assistant.content, [
    { type: 'thinking', thinking: 'plan', signature: 'sig-A' },
    { type: 'redacted_thinking', data: 'opaque' },
    { type: 'tool_use', id: 'toolu_1', name: 'exec_command', input: { cmd: 'ls' } },
  ]);
  assert.deepEqual(req.thinking, { type: 'enabled', budget_tokens: 24576 }, 'the signed blocks keep thinking on');
});

test("Gemini's thought signatures round-trip through Codex to the calls they belong to", () => {
  const enc = createResponsesStreamEncoder(1);
  const text = [
    enc.push({ type: 'start', id: 'g', model: 'gemini-3-pro' }),
    enc.push({ type: 'thinking', text: 'hmm' }),
    enc.push({ type: 'tool_start', index: 0, id: 'call_g', name: 'exec_command', signature: 'R2VtaW5pU2ln' }),
    enc.push({ type: 'tool_args', index: 0, delta: '{}' }),
    enc.end(),
  ].join('');
  const items = events(text)
    .filter((e) => e.type === 'response.output_item.done')
    .map((e) => e.item as Record<string, unknown>);
  assert.deepEqual(
    items.map((i) => i.type),
    ['reasoning', 'function_call', 'reasoning'],
  );
  assert.deepEqual(unpackEnvelope(items[2].encrypted_content), { thinking: [], calls: { call_g: 'R2VtaW5pU2ln' } });
  const next = responsesRequestToIR({ model: 'gemini-3-pro', input: [...items, { type: 'function_call_output', call_id: 'call_g', output: 'ok' }] });
  const contents = irToGeminiRequest(next).contents as Array<{ parts: Array<Record<string, unknown>> }>;
  assert.equal(contents[0].parts[0].thoughtSignature, 'R2VtaW5pU2ln');
});

test('envelopes: valid base64 with a fixed prefix, scrubbed before a Responses forward, foreign tokens ignored', () => {
  const env = packEnvelope({ thinking: [{ type: 'thinking', text: 't', signature: 's' }] });
  assert.match(env, /^[A-Za-z0-9+/]+=*$/);
  assert.equal(unpackEnvelope('gAAAAABfoo'), undefined);
  assert.equal(unpackEnvelope(`${ENVELOPE_PREFIX}!!!`), undefined);
  const body = {
    model: 'gpt-5',
    input: [
      { type: 'reasoning', encrypted_content: env },
      { type: 'reasoning', encrypted_content: 'gAAAA' },
      { type: 'message', role: 'user', content: 'x' },
    ],
  };
  assert.deepEqual(scrubResponsesInput(body).input, body.input.slice(1));
});
