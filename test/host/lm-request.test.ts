// IR request -> LanguageModelChatMessage[] and request options (src/extension/lm/request.ts):
// the system prompt folded into the first user message (no System role), text, images, tool calls
// and tool results (wrapped in a TextPart), tools and tool mode, the justification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vscodeMock } from './vscodeMock';
import { ProxyError, type IRRequest } from '../../src/proxy';
import type { InProcessModel } from '../../src/proxy';
import { justification, toMessages, toOptions } from '../../src/extension/lm/request';
import { ir, user } from './lmFakes';

const { LanguageModelTextPart: Text, LanguageModelToolCallPart: ToolCall, LanguageModelToolResultPart: ToolResult, LanguageModelDataPart: Data } = vscodeMock;
const USER = vscodeMock.LanguageModelChatMessageRole.User;
const ASSISTANT = vscodeMock.LanguageModelChatMessageRole.Assistant;
const seeing: InProcessModel = { id: 'claude-sonnet-4.5', name: 'Claude', vendor: 'copilot', family: 'claude-sonnet-4.5', capabilities: { imageInput: true } };
const blind: InProcessModel = { id: 'gpt-3.5', name: 'GPT', vendor: 'copilot', family: 'gpt-3.5', capabilities: { imageInput: false } };

type Msg = { role: number; content: unknown[] };
const msgs = (r: IRRequest, m: InProcessModel = seeing): Msg[] => toMessages(r, m) as unknown as Msg[];

test('the system prompt goes first into the first user message; no message has another role', () => {
  const out = msgs(ir([user('hi'), { role: 'assistant', parts: [{ type: 'text', text: 'hello' }] }, user('again')], { system: 'Be brief.' }));
  assert.deepEqual(
    out.map((m) => [m.role, m.content.map((p) => (p as { value: string }).value)]),
    [
      [USER, ['Be brief.', 'hi']],
      [ASSISTANT, ['hello']],
      [USER, ['again']],
    ],
  );
  for (const m of out) assert.ok(m.content.every((p) => p instanceof Text));
  // A conversation that starts with the assistant gets a user message of its own in front.
  const first = msgs(ir([{ role: 'assistant', parts: [{ type: 'text', text: 'How can I help?' }] }, user('x')], { system: 'S' }));
  assert.deepEqual(
    first.map((m) => m.role),
    [USER, ASSISTANT, USER],
  );
  assert.equal((first[0].content[0] as { value: string }).value, 'S');
  assert.deepEqual(
    msgs(ir([], { system: 'only' })).map((m) => m.role),
    [USER],
  );
});

test('tool call round trip: tool_call -> ToolCallPart with the parsed input; tool_result -> ToolResultPart holding a TextPart', () => {
  const out = msgs(
    ir([
      user('weather?'),
      {
        role: 'assistant',
        parts: [
          { type: 'thinking', text: 'let me look' },
          { type: 'text', text: 'Looking.' },
          { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        ],
      },
      {
        role: 'user',
        parts: [
          { type: 'tool_result', id: 'toolu_1', content: '18 °C, sunny' },
          { type: 'tool_result', id: 'toolu_2', content: 'no such city', isError: true },
        ],
      },
    ]),
  );
  const [, assistant, results] = out;
  assert.equal(assistant.role, ASSISTANT);
  assert.equal(assistant.content.length, 2, 'thinking is not sent back');
  const call = assistant.content[1] as InstanceType<typeof ToolCall>;
  assert.ok(call instanceof ToolCall);
  assert.deepEqual([call.callId, call.name, call.input], ['toolu_1', 'get_weather', { city: 'Paris' }]);
  assert.equal(results.role, USER);
  const [ok, failed] = results.content as Array<InstanceType<typeof ToolResult>>;
  assert.ok(ok instanceof ToolResult);
  assert.equal(ok.callId, 'toolu_1');
  assert.equal(ok.content.length, 1);
  assert.ok(ok.content[0] instanceof Text, 'a bare string in a tool result is silently dropped by VS Code');
  assert.equal((ok.content[0] as InstanceType<typeof Text>).value, '18 °C, sunny');
  assert.equal((failed.content[0] as InstanceType<typeof Text>).value, 'Error: no such city');
  // Broken arguments become an empty object rather than a failure.
  const broken = msgs(ir([{ role: 'assistant', parts: [{ type: 'tool_call', id: 'c', name: 'f', arguments: '{"a":' }] }]));
  assert.deepEqual((broken[0].content[0] as InstanceType<typeof ToolCall>).input, {});
});

test('images: a data part for a model that accepts images, a clear 400 otherwise', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64');
  const req = ir([
    {
      role: 'user',
      parts: [
        { type: 'text', text: 'what is this?' },
        { type: 'image', mediaType: 'image/png', data: png },
      ],
    },
  ]);
  const part = msgs(req)[0].content[1] as InstanceType<typeof Data>;
  assert.ok(part instanceof Data);
  assert.equal(part.mimeType, 'image/png');
  assert.deepEqual([...part.data], [0x89, 0x50, 0x4e, 0x47]);
  const refused = (m: InProcessModel, r: IRRequest, code: string) =>
    assert.throws(
      () => toMessages(r, m),
      (e: unknown) => e instanceof ProxyError && e.status === 400 && e.code === code && e.message.length > 40,
    );
  refused(blind, req, 'image_not_supported');
  refused({ ...seeing, capabilities: undefined }, req, 'image_not_supported'); // VS Code did not say
  refused(seeing, ir([{ role: 'user', parts: [{ type: 'image', mediaType: 'image/*', url: 'https://example.invalid/cat.png' }] }]), 'image_url_not_supported');
});

test('empty text and empty messages are left out', () => {
  const out = msgs(ir([user(''), { role: 'assistant', parts: [{ type: 'thinking', text: 'hm' }] }, user('x')]));
  assert.deepEqual(
    out.map((m) => m.content.length),
    [1],
  );
});

test('tools -> options.tools; tool choice -> toolMode (auto, required, one named tool, none)', () => {
  const tools = [
    { name: 'Bash', description: 'Run a command', parameters: { type: 'object', properties: { command: { type: 'string' } } } },
    { name: 'Read', parameters: { type: 'object', properties: {} } },
  ];
  const base = ir([user('x')], { tools });
  const auto = toOptions(base, 'claude-cli/2.0');
  assert.deepEqual(auto.tools, [
    { name: 'Bash', description: 'Run a command', inputSchema: tools[0].parameters },
    { name: 'Read', description: '', inputSchema: tools[1].parameters },
  ]);
  assert.equal(auto.toolMode, vscodeMock.LanguageModelChatToolMode.Auto);
  assert.equal(toOptions({ ...base, toolChoice: { type: 'any' } }, 'c').toolMode, vscodeMock.LanguageModelChatToolMode.Required);
  const named = toOptions({ ...base, toolChoice: { type: 'tool', name: 'Read' } }, 'c');
  assert.deepEqual(
    named.tools?.map((t) => t.name),
    ['Read'],
  );
  assert.equal(named.toolMode, vscodeMock.LanguageModelChatToolMode.Required);
  const none = toOptions({ ...base, toolChoice: { type: 'none' } }, 'c');
  assert.equal(none.tools, undefined);
  assert.equal(none.toolMode, undefined);
  assert.equal(toOptions(ir([user('x')]), 'c').tools, undefined);
  assert.throws(
    () => toOptions({ ...base, toolChoice: { type: 'tool', name: 'Write' } }, 'c'),
    (e: unknown) => e instanceof ProxyError && e.status === 400 && /"Write"/.test(e.message),
  );
});

test('the justification VS Code shows names the client, without control characters', () => {
  assert.equal(
    toOptions(ir([user('x')]), 'claude-cli/2.0.14 (external, cli)').justification,
    'claude-cli/2.0.14 (external, cli) is asking through Antigravity Proxy, the local API proxy running in this VS Code.',
  );
  assert.equal(
    justification('evil\r\nInjected: yes\u0007'),
    'evil Injected: yes is asking through Antigravity Proxy, the local API proxy running in this VS Code.',
  );
  assert.match(justification(''), /^A client is asking/);
  assert.ok(justification('x'.repeat(500)).length < 200);
});
