// A bounded soak: thousands of mixed good, bad and aborted requests, then hundreds of concurrent
// streams, all on loopback. Afterwards no timer or socket is left behind and memory is back near
// its baseline. Bounded in count (below) and time (DEADLINE_MS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { request, startFakeUpstream, startProxy, upstreamFor, type FakeHandler } from '../helpers';

const MIXED = 2000;
const CONCURRENCY = 24;
const STREAMS = 300;
const DEADLINE_MS = 120_000;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 20));
    gc();
  }
}

/** Streams `chunks` SSE events `delayMs` apart (both read from the request body). */
const streamingFake: FakeHandler = (req, res) => {
  let body: { stream?: boolean; chunks?: number; delayMs?: number } = {};
  try {
    body = JSON.parse(req.body);
  } catch {
    /* keep {} */
  }
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"x","object":"chat.completion","choices":[]}');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  let n = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    if (++n > (body.chunks ?? 3)) {
      clearInterval(timer);
      res.end('data: [DONE]\n\n');
      return;
    }
    res.write(`data: {"n":${n}}\n\n`);
  }, body.delayMs ?? 5);
  res.on('close', () => clearInterval(timer));
};

/** A request the client abandons: after sending part of the body, or after the first bytes back. */
function aborted(url: string, when: 'mid-body' | 'first-byte' | 'at-once'): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request(`${url}/v1/chat/completions`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': '1000' },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.on('response', (res) => {
      res.on('error', () => undefined);
      res.once('data', () => req.destroy());
      res.on('end', () => resolve());
    });
    if (when === 'mid-body') {
      req.write('{"model":"gpt-test","stream":tr');
      setTimeout(() => req.destroy(), 5);
    } else if (when === 'at-once') {
      req.write('{"mod');
      req.destroy();
    } else {
      const b = JSON.stringify({ model: 'gpt-test', stream: true, chunks: 20, delayMs: 10 });
      req.end(b.padEnd(1000, ' '));
    }
  });
}

test('soak: mixed traffic and concurrent streams leave no timers, sockets or memory behind', async (t) => {
  const started = Date.now();
  gc();
  const before = resources();

  const fake = await startFakeUpstream(undefined, streamingFake);
  const p = await startProxy(undefined, { upstreams: [upstreamFor(fake)], maxBodyBytes: 64 * 1024, upstreamIdleTimeoutMs: 5_000 });
  t.after(async () => {
    await p.close();
    await fake.close();
  });
  const url = p.url;
  const chat = JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });
  const kinds = [
    async () => assert.equal((await request(`${url}/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: chat })).status, 200),
    async () => {
      const r = await request(`${url}/v1/chat/completions`, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-test', stream: true }),
      });
      assert.ok(r.body.endsWith('data: [DONE]\n\n'));
    },
    async () => assert.equal((await request(`${url}/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: '{bad' })).status, 400),
    async () =>
      assert.equal(
        (await request(`${url}/v1/chat/completions`, { headers: { origin: 'https://evil.example', 'content-type': 'text/plain' }, body: chat })).status,
        403,
      ),
    async () => assert.equal((await request(`${url}/v1/models`, { headers: { host: 'rebind.evil.example' } })).status, 403),
    async () => assert.equal((await request(`${url}/nope`)).status, 404),
    async () =>
      assert.equal((await request(`${url}/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: 'x'.repeat(70 * 1024) })).status, 413),
    async () => assert.equal((await request(`${url}/healthz`)).status, 200),
    () => aborted(url, 'mid-body'),
    () => aborted(url, 'first-byte'),
    () => aborted(url, 'at-once'),
  ];

  // Warm up (modules, JIT, pools), then take the running baseline.
  for (let i = 0; i < 60; i++) await kinds[i % kinds.length]();
  await settle();
  const heapBase = process.memoryUsage().heapUsed;

  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < MIXED && Date.now() - started < DEADLINE_MS) {
      const i = next++;
      await kinds[i % kinds.length]();
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  assert.equal(done, MIXED, `all ${MIXED} mixed requests ran within ${DEADLINE_MS} ms`);

  // Hundreds of streams open at the same time.
  const streams = await Promise.all(
    Array.from({ length: STREAMS }, () =>
      request(`${url}/v1/chat/completions`, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-test', stream: true, chunks: 10, delayMs: 20 }),
        timeoutMs: 30_000,
      }),
    ),
  );
  for (const s of streams) {
    assert.equal(s.status, 200);
    assert.ok(s.body.includes('data: {"n":10}') && s.body.endsWith('data: [DONE]\n\n'));
  }
  assert.ok(Date.now() - started < DEADLINE_MS, 'within the time bound');

  await settle();
  const running = resources();
  assert.ok((running.Timeout ?? 0) <= (before.Timeout ?? 0), `no timers left while running: ${JSON.stringify(running)} vs ${JSON.stringify(before)}`);
  // Idle keep-alive connections to the upstream stay pooled until the fake upstream's 5 s
  // keep-alive timeout closes them; anything still open after that is a leak.
  let sockets = running;
  for (let i = 0; i < 40 && (sockets.TCPSocketWrap ?? 0) > (before.TCPSocketWrap ?? 0); i++) {
    await new Promise((r) => setTimeout(r, 250));
    sockets = resources();
  }
  assert.ok(
    (sockets.TCPSocketWrap ?? 0) <= (before.TCPSocketWrap ?? 0),
    `no client or upstream socket held open: ${JSON.stringify(sockets)} vs ${JSON.stringify(before)}`,
  );
  const heapGrowth = process.memoryUsage().heapUsed - heapBase;
  assert.ok(heapGrowth < 16 * 1024 * 1024, `heap back near its baseline (grew ${(heapGrowth / 1048576).toFixed(1)} MiB)`);

  await p.close();
  await fake.close();
  await settle();
  const after = resources();
  for (const kind of ['TCPSocketWrap', 'TCPServerWrap', 'Timeout']) {
    assert.equal(after[kind] ?? 0, before[kind] ?? 0, `${kind}: ${JSON.stringify(after)} vs ${JSON.stringify(before)}`);
  }
});
