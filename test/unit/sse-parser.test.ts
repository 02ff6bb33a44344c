// The incremental SSE parser: events split anywhere across chunks, CRLF, comments, multi-line data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../../src/proxy/translate/sse';
import { fixture, parseAll } from './streamCheck';

test('events split at every possible point come out whole', () => {
  const text = 'event: a\ndata: {"x":1}\n\n: ping\n\ndata: line1\ndata: line2\n\n';
  for (let cut = 1; cut < text.length; cut++) {
    const p = new SseParser();
    const out = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut)), ...p.end()];
    assert.deepEqual(
      out,
      [
        { event: 'a', data: '{"x":1}' },
        { event: undefined, data: 'line1\nline2' },
      ],
      `cut at ${cut}`,
    );
  }
});

test('CRLF line ends, a CR split from its LF, and comments', () => {
  const events = parseAll(fixture('azure-crlf-text.sse'));
  assert.equal(events.length, 6);
  assert.equal(events.at(-1)?.data, '[DONE]');
  const p = new SseParser();
  assert.deepEqual([...p.push('data: x\r'), ...p.push('\n\r'), ...p.push('\n')], [{ event: undefined, data: 'x' }]);
});

test('a last event without the closing blank line is flushed at the end', () => {
  const p = new SseParser();
  assert.deepEqual(p.push('data: {"a":1}'), []);
  assert.deepEqual(p.end(), [{ event: undefined, data: '{"a":1}' }]);
});

test('"data:" without a space and an empty event are handled per the spec', () => {
  const p = new SseParser();
  assert.deepEqual(p.push('data:{"a":1}\n\nevent: x\n\n'), [{ event: undefined, data: '{"a":1}' }]);
});
