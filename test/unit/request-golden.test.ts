// Golden tests for the request and response transforms: a Claude Code-shaped Anthropic request
// to OpenAI and Gemini, an OpenAI client's request to Anthropic, Gemini schemas, responses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropicRequestToIR, irToAnthropicRequest } from '../../src/proxy/providers/anthropic/request';
import { irToOpenaiRequest, openaiRequestToIR } from '../../src/proxy/providers/openai/request';
import { geminiRequestToIR, irToGeminiRequest, SKIP_SIGNATURE } from '../../src/proxy/providers/gemini/request';
import { geminiSchema } from '../../src/proxy/providers/gemini/schema';
import { CLIENTS, PROVIDERS } from '../../src/proxy/providers/registry';

const CLAUDE_CODE_REQUEST = {
  model: 'claude-sonnet-4-5',
  max_tokens: 32000,
  stream: true,
  system: [
    { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
    { type: 'text', text: 'Be careful.' },
  ],
  tools: [
    {
      name: 'Bash',
      description: 'Run',
      input_schema: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { command: { type: 'string' }, timeout: { type: ['number', 'null'], exclusiveMinimum: 0 } },
        required: ['command'],
        additionalProperties: false,
      },
    },
    { name: 'ExitPlanMode', description: 'No input', input_schema: { type: 'object', properties: {} } },
    { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
  ],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'List files', cache_control: { type: 'ephemeral' } }] },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'sig' },
        { type: 'text', text: 'Sure.' },
        { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
      ],
    },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 'toolu_1',
          content: [
            { type: 'text', text: 'a.ts\n' },
            { type: 'text', text: 'b.ts' },
          ],
        },
        { type: 'text', text: 'Now read them' },
      ],
    },
  ],
};

test('Claude Code request -> OpenAI chat request', () => {
  const out = irToOpenaiRequest(anthropicRequestToIR(CLAUDE_CODE_REQUEST));
  assert.deepEqual(out, {
    model: 'claude-sonnet-4-5',
    messages: [
      { role: 'system', content: 'You are Claude Code.\n\nBe careful.' },
      { role: 'user', content: 'List files' },
      { role: 'assistant', content: 'Sure.', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'a.ts\nb.ts' },
      { role: 'user', content: 'Now read them' },
    ],
    tools: [
      { type: 'function', function: { name: 'Bash', description: 'Run', parameters: CLAUDE_CODE_REQUEST.tools[0].input_schema } },
      { type: 'function', function: { name: 'ExitPlanMode', description: 'No input', parameters: { type: 'object', properties: {} } } },
    ],
    max_tokens: 32000,
    stream: true,
    stream_options: { include_usage: true },
  });
});

test('Claude Code request -> Gemini request: cleaned schemas, no params for empty tools, signatures', () => {
  const out = irToGeminiRequest(anthropicRequestToIR(CLAUDE_CODE_REQUEST)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.deepEqual(out.systemInstruction, { parts: [{ text: 'You are Claude Code.\n\nBe careful.' }] });
  assert.deepEqual(out.tools[0].functionDeclarations, [
    {
      name: 'Bash',
      description: 'Run',
      parameters: { type: 'object', properties: { command: { type: 'string' }, timeout: { type: 'number', nullable: true } }, required: ['command'] },
    },
    { name: 'ExitPlanMode', description: 'No input' },
  ]);
  assert.deepEqual(
    out.contents.map((c: { role: string }) => c.role),
    ['user', 'model', 'user'],
  );
  assert.deepEqual(out.contents[1].parts, [
    { text: 'Sure.' },
    { functionCall: { id: 'toolu_1', name: 'Bash', args: { command: 'ls' } }, thoughtSignature: SKIP_SIGNATURE },
  ]);
  assert.deepEqual(out.contents[2].parts, [
    { functionResponse: { id: 'toolu_1', name: 'Bash', response: { output: 'a.ts\nb.ts' } } },
    { text: 'Now read them' },
  ]);
  assert.deepEqual(out.generationConfig, { maxOutputTokens: 32000 });
});

test('OpenAI request -> Anthropic: tool messages merge into one user turn, results first, temperature clamped', () => {
  const ir = openaiRequestToIR({
    model: 'claude-x',
    temperature: 1.5,
    stop: 'END',
    tool_choice: 'required',
    reasoning_effort: 'medium',
    messages: [
      { role: 'developer', content: 'Rules.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'A', arguments: '{"x":1}' } },
          { id: 'c2', type: 'function', function: { name: 'B', arguments: '' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'one' },
      { role: 'tool', tool_call_id: 'c2', content: [{ type: 'text', text: 'two' }] },
    ],
  });
  assert.deepEqual(irToAnthropicRequest(ir), {
    model: 'claude-x',
    max_tokens: 16384, // no max_tokens from the client, an unknown model: translate/limits.ts defaultOutputTokens
    system: 'Rules.',
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'c1', name: 'A', input: { x: 1 } },
          { type: 'tool_use', id: 'c2', name: 'B', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'c1', content: 'one' },
          { type: 'tool_result', tool_use_id: 'c2', content: 'two' },
        ],
      },
    ],
    tool_choice: { type: 'any' },
    temperature: 1,
    stop_sequences: ['END'],
  });
});

test('thinking stays off for a conversation whose tool calls carry no Anthropic thinking', () => {
  const ir = openaiRequestToIR({
    model: 'claude-x',
    reasoning_effort: 'high',
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'A', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'ok' },
    ],
  });
  assert.equal(irToAnthropicRequest(ir).thinking, undefined);
  assert.deepEqual(irToAnthropicRequest({ ...ir, messages: ir.messages.slice(0, 1) }).thinking, { type: 'enabled', budget_tokens: 24576 });
});

test('Gemini request -> IR: functionResponse without id answers the oldest call of that name', () => {
  const ir = geminiRequestToIR(
    {
      contents: [
        { role: 'user', parts: [{ text: 'go' }] },
        { role: 'model', parts: [{ functionCall: { name: 'f', args: { a: 1 } } }, { functionCall: { name: 'f', args: { a: 2 } } }] },
        {
          role: 'user',
          parts: [{ functionResponse: { name: 'f', response: { output: 'r1' } } }, { functionResponse: { name: 'f', response: { x: 1, y: 2 } } }],
        },
      ],
      tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT', properties: { a: { type: 'INTEGER' } } } }] }],
      generationConfig: { maxOutputTokens: 10, thinkingConfig: { thinkingBudget: 0 } },
    },
    'gemini-2.5-pro',
    true,
  );
  const calls = ir.messages[1].parts as Array<{ id: string }>;
  const results = ir.messages[2].parts as Array<{ id: string; content: string }>;
  assert.equal(results[0].id, calls[0].id);
  assert.equal(results[1].id, calls[1].id);
  assert.equal(results[0].content, 'r1');
  assert.equal(results[1].content, '{"x":1,"y":2}');
  assert.deepEqual(ir.tools?.[0].parameters, { type: 'object', properties: { a: { type: 'integer' } } });
  assert.deepEqual(ir.reasoning, { mode: 'off' }, 'thinkingBudget 0 means no thinking');
  assert.equal(ir.stream, true);
  assert.equal(ir.model, 'gemini-2.5-pro');
});

test('geminiSchema keeps what Gemini accepts and drops the rest', () => {
  assert.deepEqual(
    geminiSchema({ type: 'object', properties: { l: { type: 'array', items: { type: 'string', enum: ['a', 1] }, additionalItems: false } }, $defs: {} }),
    {
      type: 'object',
      properties: { l: { type: 'array', items: { type: 'string', enum: ['a', '1'] } } },
    },
  );
  assert.equal(geminiSchema({ type: 'object', properties: {} }), undefined);
});

test('responses: OpenAI tool call -> Anthropic message; Anthropic -> OpenAI; Gemini -> OpenAI', () => {
  const fromOpenai = PROVIDERS.openai.responseToIR(
    {
      id: 'chatcmpl-1',
      model: 'gpt',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    },
    'gpt',
  );
  assert.deepEqual(CLIENTS.anthropic.responseFromIR(fromOpenai), {
    id: 'msg_chatcmpl-1',
    type: 'message',
    role: 'assistant',
    model: 'gpt',
    content: [{ type: 'tool_use', id: 'c', name: 'Bash', input: { command: 'ls' } }],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 3, output_tokens: 2 },
  });
  const fromAnthropic = PROVIDERS.anthropic.responseToIR(
    {
      id: 'msg_1',
      model: 'claude',
      content: [{ type: 'text', text: 'hi' }],
      stop_reason: 'max_tokens',
      usage: { input_tokens: 5, output_tokens: 7, cache_read_input_tokens: 10 },
    },
    'claude',
  );
  const o = CLIENTS.openai.responseFromIR(fromAnthropic) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(o.choices[0].message.content, 'hi');
  assert.equal(o.choices[0].finish_reason, 'length');
  assert.deepEqual(o.usage, { prompt_tokens: 15, completion_tokens: 7, total_tokens: 22, prompt_tokens_details: { cached_tokens: 10 } });
  const fromGemini = PROVIDERS.gemini.responseToIR(
    {
      candidates: [{ content: { role: 'model', parts: [{ text: 'x', thought: true }, { text: 'y' }] }, finishReason: 'SAFETY' }],
      usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 2, thoughtsTokenCount: 3 },
    },
    'gemini-2.5-pro',
  );
  const g = CLIENTS.openai.responseFromIR(fromGemini) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(g.model, 'gemini-2.5-pro');
  assert.equal(g.choices[0].message.content, 'y');
  assert.equal(g.choices[0].message.reasoning_content, 'x');
  assert.equal(g.choices[0].finish_reason, 'content_filter');
  assert.equal(g.usage.completion_tokens, 5);
});
