// Once the first byte of an answer has gone to the client, nothing is retried: a stream that
// breaks halfway ends the client's stream instead of starting a second answer on another key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startProxy } from '../helpers';
import { poolUpstream, startScriptedUpstream, streamThenReset } from '../poolHelpers';

test('no retry after the first byte has been streamed', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake)] });
  fake.script(0, streamThenReset);

  const got = await new Promise<{ status: number; text: string; complete: boolean }>((resolve, reject) => {
    const req = http.request(`${p.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      const finish = () => resolve({ status: res.statusCode ?? 0, text, complete: res.complete });
      res.on('end', finish);
      res.on('error', finish);
      res.on('close', finish);
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(JSON.stringify({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'hi' }] }));
  });
  assert.equal(got.status, 200);
  assert.match(got.text, /partial/);
  // The cut stream ends with an in-protocol error event (issue 7), not with another key's answer.
  assert.match(got.text, /"code":"upstream_stream_(cut|error)"/, 'the stream ends with an error event');
  assert.equal((got.text.match(/partial/g) ?? []).length, 1, 'no second answer follows');
  assert.deepEqual(fake.keysSeen(), [0], 'the request was sent upstream once');
});
