// The event that ends a stream cut mid-way, in each protocol's shape (errors.ts streamErrorEvent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streamErrorEvent } from '../../src/proxy/respond';

function dataOf(event: string): unknown {
  assert.ok(event.endsWith('\n\n'), 'an SSE event ends with a blank line');
  const data = event.split('\n').find((l) => l.startsWith('data: '));
  assert.ok(data, 'has a data line');
  return JSON.parse(data.slice(6));
}

test('OpenAI: a data event holding {"error": ...}', () => {
  const e = streamErrorEvent('openai', 502, 'upstream_stream_cut', 'Upstream cut');
  assert.ok(!e.includes('event:'));
  assert.deepEqual(dataOf(e), { error: { message: 'Upstream cut', type: 'server_error', param: null, code: 'upstream_stream_cut' } });
});

test('Anthropic: event: error with {"type":"error"}', () => {
  const e = streamErrorEvent('anthropic', 504, 'upstream_idle_timeout', 'Stalled');
  assert.ok(e.startsWith('event: error\n'));
  const d = dataOf(e) as { type: string; error: { type: string; message: string } };
  assert.equal(d.type, 'error');
  assert.equal(d.error.type, 'api_error');
  assert.equal(d.error.message, 'Stalled');
});

test("Gemini: a data event holding Google's error JSON", () => {
  const d = dataOf(streamErrorEvent('gemini', 504, 'upstream_idle_timeout', 'Stalled')) as { error: { code: number; status: string } };
  assert.equal(d.error.code, 504);
  assert.equal(d.error.status, 'DEADLINE_EXCEEDED');
});

test('no key-shaped text and no newline injection', () => {
  const e = streamErrorEvent('openai', 502, 'upstream_stream_cut', 'bad sk-abcdefghijklmnop\n\ndata: [DONE]');
  assert.ok(!e.includes('sk-abcdefghijklmnop'));
  assert.equal(e.split('\n\n').length, 2, 'exactly one event');
});
