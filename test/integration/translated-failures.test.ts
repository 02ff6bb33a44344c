// Failures on a translated call: an unreachable upstream is a 502 in the client's shape, a client
// that leaves mid-stream aborts the upstream request, and an upstream that dies mid-stream ends
// the client's stream instead of leaving it hanging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request, startFakeUpstream, startProxy } from '../helpers';

const HEADERS = { 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
const body = (stream: boolean): string => JSON.stringify({ model: 'gpt-x', max_tokens: 10, stream, messages: [{ role: 'user', content: 'hi' }] });

test('an unreachable upstream is a 502 in the client protocol', async (t) => {
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const p = await startProxy(t, { authMode: 'off', upstreams: [{ name: 'gone', kind: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, models: ['*'] }] });
  for (const stream of [false, true]) {
    const r = await request(`${p.url}/v1/messages`, { headers: HEADERS, body: body(stream) });
    assert.equal(r.status, 502);
    assert.equal(r.json().type, 'error');
    assert.match(r.json().error.message, /Upstream "gone" refused the connection/);
  }
});

test('a client that leaves mid-stream aborts the upstream request', async (t) => {
  let upstreamClosed!: () => void;
  const closedP = new Promise<void>((r) => (upstreamClosed = r));
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-x', choices: [{ index: 0, delta: { content: 'first' }, finish_reason: null }] })}\n\n`,
    );
    res.on('close', () => upstreamClosed());
    // ...and never ends: only the proxy aborting the request closes it.
  });
  const p = await startProxy(t, { authMode: 'off', upstreams: [{ name: 'o', kind: 'openai', baseUrl: fake.baseUrl, models: ['*'] }] });
  await new Promise<void>((resolve, reject) => {
    const req = http.request(`${p.url}/v1/messages`, { method: 'POST', headers: HEADERS, agent: false }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (chunk.includes('first')) {
          req.destroy();
          resolve();
        }
      });
    });
    req.on('error', () => undefined);
    setTimeout(() => reject(new Error('no first event')), 5000).unref();
    req.end(body(true));
  });
  await Promise.race([closedP, new Promise((_, rej) => setTimeout(() => rej(new Error('upstream request was not aborted')), 5000).unref())]);
});

test('an upstream that dies mid-stream ends the client stream', async (t) => {
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-x', choices: [{ index: 0, delta: { content: 'partial' }, finish_reason: null }] })}\n\n`,
    );
    setTimeout(() => res.socket?.destroy(), 50);
  });
  const p = await startProxy(t, { authMode: 'off', upstreams: [{ name: 'o', kind: 'openai', baseUrl: fake.baseUrl, models: ['*'] }] });
  const r = await request(`${p.url}/v1/messages`, { headers: HEADERS, body: body(true), timeoutMs: 5000 });
  assert.match(r.body, /"text":"partial"/);
  assert.match(r.body, /event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"The upstream closed the connection/);
});

test('a translated stream that stalls mid-way ends with an Anthropic error event after upstreamIdleTimeoutMs', async (t) => {
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-x', choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }] })}\n\n`,
    );
    // ...and never another byte.
  });
  const p = await startProxy(t, {
    authMode: 'off',
    upstreamIdleTimeoutMs: 300,
    upstreams: [{ name: 'o', kind: 'openai', baseUrl: fake.baseUrl, models: ['*'] }],
  });
  const r = await request(`${p.url}/v1/messages`, { headers: HEADERS, body: body(true), timeoutMs: 5_000 });
  assert.equal(r.status, 200);
  assert.match(r.body, /"text":"Hel"/, 'what arrived was forwarded');
  const last = r.body.trim().split('\n\n').pop() ?? '';
  assert.match(last, /^event: error\ndata: /);
  assert.match(last, /upstreamIdleTimeoutMs/);
});
