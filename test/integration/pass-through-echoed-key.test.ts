// Security regression (issue 12 item 4): on pass-through, an upstream error that echoes the key it
// was sent reached the client verbatim, body and headers, and a provider's Set-Cookie was passed
// on to a client of 127.0.0.1 (whose cookie jar every local port shares). Error bodies are now read
// (decoded first when content-encoded), cleared of every configured key and sent without
// Content-Encoding; every answer's headers lose cookies and any configured key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { request, startFakeUpstream, startProxy, UPSTREAM_KEY, upstreamFor } from '../helpers';

/** A proxy key without a key-like shape: only redaction by value can catch it. */
const PLAIN_KEY = 'correct-horse-battery-staple-42';
const ANTHROPIC_KEY = 'anthropic-key-without-shape-0123456789';

function echoing(status: number, encode: 'gzip' | 'br' | 'deflate' | undefined) {
  return (req: { headers: Record<string, unknown>; body: string; url: string }, res: http.ServerResponse): void => {
    const sent = String(req.headers.authorization ?? req.headers['x-api-key'] ?? '').replace(/^Bearer /, '');
    const json = JSON.stringify({
      error: { message: `Incorrect API key provided: ${sent}. Request body: ${req.body.slice(0, 200)}`, type: 'invalid_request_error' },
    });
    const body =
      encode === 'gzip'
        ? zlib.gzipSync(json)
        : encode === 'br'
          ? zlib.brotliCompressSync(json)
          : encode === 'deflate'
            ? zlib.deflateSync(json)
            : Buffer.from(json);
    res.writeHead(status, {
      'content-type': 'application/json',
      ...(encode ? { 'content-encoding': encode } : {}),
      'content-length': body.length,
      'set-cookie': ['__cf_bm=abc; path=/; HttpOnly', 'session=xyz'],
      'x-echo': `key=${sent}`,
      'x-request-id': 'req_123',
    });
    res.end(body);
  };
}

function assertClean(r: { body: string; headers: Record<string, unknown> }, ...keys: string[]): void {
  const all = r.body + JSON.stringify(r.headers);
  for (const k of keys) assert.ok(!all.includes(k), `a key reached the client: ${all}`);
  assert.equal(r.headers['set-cookie'], undefined, 'no cookie passed on');
}

test('an error answer that echoes the upstream key (plain, gzip, br, deflate): no key in the body or headers, decoded, no Content-Encoding', async (t) => {
  for (const encode of [undefined, 'gzip', 'br', 'deflate'] as const) {
    const fake = await startFakeUpstream(t, echoing(400, encode));
    const p = await startProxy(t, { authMode: 'off', upstreams: [upstreamFor(fake)] }, { key: PLAIN_KEY });
    const r = await request(`${p.url}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip, deflate, br' },
      body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: `my proxy key is ${PLAIN_KEY}` }] }),
    });
    assert.equal(r.status, 400, String(encode));
    assert.equal(r.headers['content-encoding'], undefined, `${encode}: the body was decoded, so no Content-Encoding`);
    assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.body));
    const err = r.json().error;
    assert.match(err.message, /^Incorrect API key provided: \[REDACTED\]\. Request body: /, String(encode));
    assert.equal(err.type, 'invalid_request_error', 'the rest of the provider error is kept');
    assertClean(r, UPSTREAM_KEY, PLAIN_KEY);
    assert.equal(r.headers['x-echo'], 'key=[REDACTED]');
    assert.equal(r.headers['x-request-id'], 'req_123');
  }
});

test('a successful pass-through answer: cookies dropped, an echoed key taken out of its headers, its body and encoding untouched', async (t) => {
  const payload = JSON.stringify({
    id: 'x',
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
  });
  const gz = zlib.gzipSync(payload);
  const fake = await startFakeUpstream(t, (req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'content-length': gz.length,
      'set-cookie': 'a=b',
      'x-echo': String(req.headers.authorization),
    });
    res.end(gz);
  });
  const p = await startProxy(t, { authMode: 'off', upstreams: [upstreamFor(fake)] });
  const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    const req = http.request(
      `${p.url}/v1/chat/completions`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ model: 'gpt-test', messages: [] }));
  });
  assert.equal(raw.headers['content-encoding'], 'gzip', 'piped as it came');
  assert.equal(zlib.gunzipSync(raw.body).toString(), payload);
  assert.equal(raw.headers['set-cookie'], undefined);
  assert.equal(raw.headers['x-echo'], 'Bearer [REDACTED]');
});

test('Anthropic pass-through, and an error after keep-alive pings committed the stream: the key is out of the error event too', async (t) => {
  const fake = await startFakeUpstream(t, (req, res) => {
    // Answer after the first ping went out.
    setTimeout(() => echoing(400, 'gzip')(req, res), 150);
  });
  const p = await startProxy(
    t,
    { authMode: 'off', sseKeepAliveMs: 30, upstreams: [{ name: 'claude', kind: 'anthropic', baseUrl: fake.url, apiKeys: [ANTHROPIC_KEY], models: ['*'] }] },
    { key: PLAIN_KEY },
  );
  const r = await request(`${p.url}/v1/messages`, {
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'accept-encoding': 'gzip' },
    body: JSON.stringify({ model: 'claude-x', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(r.status, 200, 'committed by the pings');
  assert.match(r.body, /event: error/);
  assert.match(r.body, /Incorrect API key provided/, 'the provider reason, decoded');
  assertClean(r, ANTHROPIC_KEY, PLAIN_KEY);
  // Not streamed: the provider's error, passed on with its status.
  const whole = await request(`${p.url}/v1/messages`, {
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'claude-x', max_tokens: 5, messages: [] }),
  });
  assert.equal(whole.status, 400);
  assertClean(whole, ANTHROPIC_KEY, PLAIN_KEY);
});
