// How a model request's body is read (routes/body.ts): a body that came whole with its headers is
// taken in one synchronous read, anything else by the general reader. Either way the upstream gets
// exactly the client's bytes, a keep-alive connection serves its next request, and a body cut
// short never reaches the upstream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { startFakeUpstream, startProxy, TEST_KEY, upstreamFor } from '../helpers';

function rawRequest(body: string, extra = ''): string {
  return (
    `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${TEST_KEY}\r\n` +
    `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`
  );
}

/** Reads from a raw socket until `count` whole HTTP answers (chunked, as the proxy pipes them) arrived, within 5 s. */
async function answers(sock: net.Socket, count: number): Promise<string> {
  let text = '';
  const deadline = setTimeout(() => sock.destroy(new Error(`timed out; got: ${text.slice(0, 300)}`)), 5000);
  try {
    for await (const chunk of sock) {
      text += (chunk as Buffer).toString('utf8');
      if (text.split('\r\n0\r\n\r\n').length > count) break;
    }
  } finally {
    clearTimeout(deadline);
  }
  return text;
}

const body = (n: number): string => JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: `héllo ${'x'.repeat(n)}` }] });

test('two requests in one write on one connection: both bodies reach the upstream byte for byte, both answered', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { authMode: 'strict', upstreams: [upstreamFor(fake)] });
  const sock = net.connect(p.port, '127.0.0.1');
  await once(sock, 'connect');
  t.after(() => sock.destroy());
  const a = body(10);
  const b = body(3000);
  sock.write(rawRequest(a) + rawRequest(b));
  const text = await answers(sock, 2);
  assert.equal((text.match(/HTTP\/1\.1 200/g) ?? []).length, 2, text.slice(0, 500));
  assert.deepEqual(
    fake.requests.map((r) => r.body),
    [a, b],
  );
});

test('a body that arrives in pieces after its headers is read whole; one that stops short is never forwarded', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { authMode: 'strict', upstreams: [upstreamFor(fake)] });
  const whole = body(200);
  const sock = net.connect(p.port, '127.0.0.1');
  await once(sock, 'connect');
  t.after(() => sock.destroy());
  const req = rawRequest(whole);
  const headEnd = req.indexOf('\r\n\r\n') + 4;
  sock.write(req.slice(0, headEnd));
  await new Promise((r) => setTimeout(r, 30));
  sock.write(whole.slice(0, 50));
  await new Promise((r) => setTimeout(r, 30));
  sock.write(whole.slice(50));
  const text = await answers(sock, 1);
  assert.match(text, /^HTTP\/1\.1 200/);
  assert.equal(fake.requests.at(-1)?.body, whole);

  // Announced 500 bytes, sent 20, then the connection closed: nothing goes upstream.
  const before = fake.requests.length;
  const cut = net.connect(p.port, '127.0.0.1');
  await once(cut, 'connect');
  const partial = rawRequest(whole).replace(/content-length: \d+/, 'content-length: 500');
  cut.end(partial.slice(0, partial.indexOf('\r\n\r\n') + 4 + 20));
  cut.resume();
  await once(cut, 'close');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(fake.requests.length, before, 'a cut body is not forwarded');
  // The proxy still serves.
  const again = net.connect(p.port, '127.0.0.1');
  await once(again, 'connect');
  t.after(() => again.destroy());
  again.write(rawRequest(whole));
  assert.match(await answers(again, 1), /^HTTP\/1\.1 200/);
  assert.equal(fake.requests.at(-1)?.body, whole);
});
