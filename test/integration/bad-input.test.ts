// Bad input gets a precise 4xx in the client's protocol, and never a stack trace, a file path or
// raw exception text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { request, startFakeUpstream, startProxy, TEST_KEY, upstreamFor, type SimpleResponse } from '../helpers';

function assertClean(r: SimpleResponse): void {
  assert.ok(!/\bat \S+ \(|node:internal|\/work\/|\.ts:\d|SyntaxError|Unexpected token/.test(r.body), `no internals in ${r.body}`);
  assert.ok(!r.body.includes(TEST_KEY));
}

const JSON_CT = { 'content-type': 'application/json' };

test('malformed JSON, wrong content type, missing model, invalid UTF-8: precise 4xx (OpenAI shape)', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const url = `${p.url}/v1/chat/completions`;
  const cases: Array<[string, Record<string, string>, string | Buffer, number, string]> = [
    ['malformed JSON', JSON_CT, '{"model": "gpt-test", "messages": [', 400, 'invalid_json'],
    ['JSON with a key-shaped value', JSON_CT, `{"model": ${TEST_KEY}}`, 400, 'invalid_json'],
    ['empty body', JSON_CT, '', 400, 'invalid_json'],
    ['JSON array', JSON_CT, '[1,2]', 400, 'invalid_json'],
    ['missing model', JSON_CT, '{"messages": []}', 400, 'missing_model'],
    ['model not a string', JSON_CT, '{"model": 42}', 400, 'missing_model'],
    ['form content type', { 'content-type': 'application/x-www-form-urlencoded' }, '{"model":"gpt-test"}', 415, 'unsupported_content_type'],
    ['text/plain', { 'content-type': 'text/plain' }, '{"model":"gpt-test"}', 415, 'unsupported_content_type'],
    ['latin1 charset', { 'content-type': 'application/json; charset=iso-8859-1' }, '{"model":"gpt-test"}', 415, 'unsupported_charset'],
    ['invalid UTF-8', JSON_CT, Buffer.concat([Buffer.from('{"model":"gpt-'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]), 400, 'invalid_utf8'],
  ];
  for (const [what, headers, body, status, code] of cases) {
    const r = await request(url, { headers, body });
    assert.equal(r.status, status, what);
    assert.equal(r.json().error.code, code, what);
    assert.equal(r.json().error.type, 'invalid_request_error', what);
    assertClean(r);
  }
  assert.equal(fake.requests.length, 0);
});

test('the same errors in the Anthropic shape', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const r = await request(`${p.url}/v1/chat/completions`, { headers: { ...JSON_CT, 'anthropic-version': '2023-06-01' }, body: '{oops' });
  assert.equal(r.status, 400);
  assert.equal(r.json().type, 'error');
  assert.equal(r.json().error.type, 'invalid_request_error');
  const ct = await request(`${p.url}/v1/chat/completions`, { headers: { 'content-type': 'text/plain', 'anthropic-version': '2023-06-01' }, body: '{}' });
  assert.equal(ct.status, 415);
  assert.equal(ct.json().error.type, 'invalid_request_error');
});

test('unknown route and wrong method: 404 and 405 with Allow', async (t) => {
  const p = await startProxy(t);
  const nf = await request(`${p.url}/v1/nope`, { headers: JSON_CT, body: '{}' });
  assert.equal(nf.status, 404);
  assert.equal(nf.json().error.code, 'not_found');
  const gem = await request(`${p.url}/v1beta/nope`);
  assert.equal(gem.status, 404);
  assert.equal(gem.json().error.status, 'NOT_FOUND');
  const m = await request(`${p.url}/v1/chat/completions`, { method: 'GET' });
  assert.equal(m.status, 405);
  assert.equal(m.headers['allow'], 'POST');
  const put = await request(`${p.url}/v1/models`, { method: 'PUT', body: '{}' });
  assert.equal(put.status, 405);
  for (const r of [nf, gem, m, put]) assertClean(r);
});

test('an oversized body is a 413 (declared or streamed) and the connection is closed', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)], maxBodyBytes: 1024 });
  const big = JSON.stringify({ model: 'gpt-test', pad: 'x'.repeat(4096) });
  const declared = await request(`${p.url}/v1/chat/completions`, { headers: JSON_CT, body: big });
  assert.equal(declared.status, 413);
  assert.equal(declared.json().error.code, 'request_too_large');
  assert.equal(declared.headers['connection'], 'close');
  // Chunked: no Content-Length, the limit is found while reading.
  const chunked = await request(`${p.url}/v1/chat/completions`, { headers: { ...JSON_CT, 'transfer-encoding': 'chunked' }, body: big });
  assert.equal(chunked.status, 413);
  const anth = await request(`${p.url}/v1/chat/completions`, { headers: { ...JSON_CT, 'anthropic-version': '2023-06-01' }, body: big });
  assert.equal(anth.json().error.type, 'request_too_large');
  assert.equal(fake.requests.length, 0);
});

async function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.end(text));
    let out = '';
    s.on('data', (d) => (out += d));
    s.on('end', () => resolve(out));
    s.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? resolve(out) : reject(e)));
  });
}

test('oversized headers: 431; a malformed request line: 400', async (t) => {
  const p = await startProxy(t);
  const huge = await raw(p.port, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
  assert.match(huge, /^HTTP\/1\.1 431 /);
  assert.match(huge, /headers_too_large/);
  const bad = await raw(p.port, 'GARBAGE\r\n\r\n');
  assert.match(bad, /^HTTP\/1\.1 400 /);
  assert.equal((await request(`${p.url}/healthz`)).status, 200, 'still serving');
});

test('a duplicated credential header is a 400 that says so', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  const twice = await raw(
    p.port,
    `GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: ${TEST_KEY}\r\nX-Api-Key: ${TEST_KEY}\r\nConnection: close\r\n\r\n`,
  );
  assert.match(twice, /^HTTP\/1\.1 400 /);
  assert.match(twice, /duplicate_credential_header/);
  assert.match(twice, /x-api-key header was sent 2 times/);
  assert.ok(!twice.includes(TEST_KEY));
  // Authorization twice with a wrong first value: Node keeps the first; we say why it failed.
  const auth = await raw(
    p.port,
    `GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer wrong\r\nAuthorization: Bearer ${TEST_KEY}\r\nConnection: close\r\n\r\n`,
  );
  assert.match(auth, /^HTTP\/1\.1 400 /);
  assert.match(auth, /authorization header was sent 2 times/);
  // The first of two Authorization headers being right is accepted: the first credential counts.
  const firstOk = await raw(
    p.port,
    `GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TEST_KEY}\r\nAuthorization: Bearer x\r\nConnection: close\r\n\r\n`,
  );
  assert.match(firstOk, /^HTTP\/1\.1 200 /);
});
