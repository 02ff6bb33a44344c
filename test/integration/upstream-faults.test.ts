// Fault injection against fake upstreams: refused, slow, silent TLS, garbage, huge, cut or stalled
// mid-stream. Each ends in a clear answer in the client's protocol and nothing hangs.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { closedPort, request, startFakeUpstream, startProxy, TEST_KEY, UPSTREAM_KEY, upstreamFor, type FakeUpstream } from '../helpers';

const CHAT = JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });
const STREAM = JSON.stringify({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'hi' }] });
const JSON_CT = { 'content-type': 'application/json' };

/** A raw TCP server on loopback port 0 that does `onConnection` with each socket. */
async function tcpServer(t: TestContext, onConnection: (s: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    onConnection(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return (server.address() as AddressInfo).port;
}

function errorIdOf(message: string): string {
  const id = /error id (err_[0-9a-f]+)/.exec(message)?.[1];
  assert.ok(id, `an error id in: ${message}`);
  return id;
}

test('connection refused -> 502 with an error id the log also has', async (t) => {
  const port = await closedPort();
  const p = await startProxy(t, { upstreams: [{ name: 'down', baseUrl: `http://127.0.0.1:${port}/v1`, apiKeys: [UPSTREAM_KEY] }] });
  const r = await request(`${p.url}/v1/chat/completions`, { headers: JSON_CT, body: CHAT });
  assert.equal(r.status, 502);
  assert.equal(r.json().error.code, 'upstream_unreachable');
  assert.match(r.json().error.message, /refused the connection/);
  assert.ok(p.logger.text().includes(errorIdOf(r.json().error.message)), 'the log has the same id');
  assert.ok(!r.body.includes(UPSTREAM_KEY) && !/\bat |node:/.test(r.body));
});

test('slow response headers -> 504 after upstreamTimeoutMs', async (t) => {
  const fake = await startFakeUpstream(t, (_req, res) => {
    setTimeout(() => res.writeHead(200).end('{}'), 2_000).unref();
  });
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)], upstreamTimeoutMs: 200 });
  const r = await request(`${p.url}/v1/chat/completions`, { headers: JSON_CT, body: CHAT });
  assert.equal(r.status, 504);
  assert.equal(r.json().error.code, 'upstream_timeout');
  const gem = await request(`${p.url}/v1/chat/completions`, { headers: { ...JSON_CT, 'anthropic-version': '2023-06-01' }, body: CHAT });
  assert.equal(gem.status, 504);
  assert.equal(gem.json().type, 'error');
});

test('a connection that never completes its TLS handshake -> 504 after upstreamConnectTimeoutMs', async (t) => {
  const port = await tcpServer(t, () => undefined); // accepts, then says nothing
  const p = await startProxy(t, {
    upstreams: [{ name: 'silent', baseUrl: `https://127.0.0.1:${port}/v1`, apiKeys: [UPSTREAM_KEY] }],
    upstreamConnectTimeoutMs: 200,
    upstreamTimeoutMs: 30_000,
  });
  const r = await request(`${p.url}/v1/chat/completions`, { headers: JSON_CT, body: CHAT });
  assert.equal(r.status, 504);
  assert.equal(r.json().error.code, 'upstream_connect_timeout');
});

test('garbage instead of HTTP, and oversized upstream headers -> 502 upstream_bad_response', async (t) => {
  const garbage = await tcpServer(t, (s) => s.once('data', () => s.end('SSH-2.0-OpenSSH_9.6\r\nnot http at all\r\n\r\n')));
  const hugeHeaders = await tcpServer(t, (s) => s.once('data', () => s.end(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n{}`)));
  for (const port of [garbage, hugeHeaders]) {
    const p = await startProxy(t, { upstreams: [{ name: 'odd', baseUrl: `http://127.0.0.1:${port}/v1` }] });
    const r = await request(`${p.url}/v1/chat/completions`, { headers: JSON_CT, body: CHAT });
    assert.equal(r.status, 502);
    assert.equal(r.json().error.code, 'upstream_bad_response');
    errorIdOf(r.json().error.message);
  }
});

test('a huge answer streams through intact', async (t) => {
  const size = 24 * 1024 * 1024;
  const fake = await bulkUpstream(t, size);
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const received = await new Promise<number>((resolve, reject) => {
    const req = http.request(`${p.url}/v1/chat/completions`, { method: 'POST', headers: JSON_CT, agent: false }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => resolve(n));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(CHAT);
  });
  assert.equal(received, size);
});

test('a client that stops reading holds the upstream back: the proxy does not buffer the answer', async (t) => {
  const size = 64 * 1024 * 1024;
  const fake = await bulkUpstream(t, size);
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const received = await new Promise<number>((resolve, reject) => {
    const req = http.request(`${p.url}/v1/chat/completions`, { method: 'POST', headers: JSON_CT, agent: false }, (res) => {
      let n = 0;
      res.once('data', (c: Buffer) => {
        n += c.length;
        res.pause();
        // Socket buffers on both hops hold a few MB at most; a proxy that kept reading would take all 64.
        setTimeout(() => {
          try {
            assert.ok(fake.written() < size / 2, `the upstream got only ${fake.written()} bytes out while the client was not reading`);
          } catch (e) {
            req.destroy();
            return reject(e);
          }
          res.on('data', (c2: Buffer) => (n += c2.length));
          res.resume();
        }, 500);
      });
      res.on('end', () => resolve(n));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(CHAT);
  });
  assert.equal(received, size, 'and all of it arrives once the client reads again');
});

/** An upstream that answers `size` bytes in 64 KiB writes, as fast as its client reads; `written()` counts them. */
async function bulkUpstream(t: TestContext, size: number): Promise<FakeUpstream & { written(): number }> {
  let written = 0;
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    const chunk = Buffer.alloc(64 * 1024, 97);
    const pump = (): void => {
      while (written < size) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  return Object.assign(fake, { written: () => written });
}

/** An upstream that starts an SSE answer, sends one chunk, then does `then` with its socket. */
async function halfStream(t: TestContext, then: (res: http.ServerResponse) => void): Promise<FakeUpstream> {
  return startFakeUpstream(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-test', choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }] })}\n\n`,
    );
    setTimeout(() => then(res), 30).unref();
  });
}

test('a stream cut mid-way ends with an error event (OpenAI shape); the SDK raises it', async (t) => {
  const fake = await halfStream(t, (res) => res.socket?.destroy());
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const r = await request(`${p.url}/v1/chat/completions`, { headers: JSON_CT, body: STREAM, timeoutMs: 5_000 });
  assert.equal(r.status, 200);
  assert.match(r.body, /"content":"Hel"/);
  const last = r.body.trim().split('\n\n').pop() ?? '';
  assert.ok(last.startsWith('data: '), last);
  const err = JSON.parse(last.slice(6)).error;
  assert.equal(err.code, 'upstream_stream_cut');
  assert.equal(err.type, 'server_error');

  const client = new OpenAI({ apiKey: TEST_KEY, baseURL: `${p.url}/v1`, maxRetries: 0 });
  const stream = await client.chat.completions.create({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'hi' }] });
  const parts: string[] = [];
  await assert.rejects(
    async () => {
      for await (const c of stream) parts.push(c.choices[0]?.delta?.content ?? '');
    },
    (e: unknown) => e instanceof OpenAI.APIError && /closed the connection in the middle/.test(e.message),
  );
  assert.deepEqual(parts, ['Hel']);
});

test('a stream cut mid-way in the Anthropic shape: event: error', async (t) => {
  const fake = await halfStream(t, (res) => res.socket?.destroy());
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const r = await request(`${p.url}/v1/chat/completions`, { headers: { ...JSON_CT, 'anthropic-version': '2023-06-01' }, body: STREAM, timeoutMs: 5_000 });
  const last = r.body.trim().split('\n\n').pop() ?? '';
  assert.match(last, /^event: error\ndata: /);
  assert.equal(JSON.parse(last.split('\ndata: ')[1]).type, 'error');
});

test('a stream that stalls ends after upstreamIdleTimeoutMs with an error event', async (t) => {
  const fake = await halfStream(t, () => undefined); // never sends another byte
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)], upstreamIdleTimeoutMs: 300 });
  const r = await request(`${p.url}/v1/chat/completions`, { headers: JSON_CT, body: STREAM, timeoutMs: 5_000 });
  const last = r.body.trim().split('\n\n').pop() ?? '';
  assert.equal(JSON.parse(last.slice(6)).error.code, 'upstream_idle_timeout');
  // A non-stream answer that stalls after its headers is cut (the client sees a short body).
  const fake2 = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
    res.write('{"partial":');
  });
  const p2 = await startProxy(t, { upstreams: [upstreamFor(fake2)], upstreamIdleTimeoutMs: 300 });
  await assert.rejects(request(`${p2.url}/v1/chat/completions`, { headers: JSON_CT, body: CHAT, timeoutMs: 5_000 }), /aborted|socket hang up|ECONNRESET/);
});

test('a client that disconnects aborts the upstream request', async (t) => {
  let upstreamClosed!: () => void;
  const closed = new Promise<void>((r) => (upstreamClosed = r));
  let writes = 0;
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const timer = setInterval(() => {
      writes++;
      res.write(`data: {"n":${writes}}\n\n`);
    }, 20);
    res.on('close', () => {
      clearInterval(timer);
      upstreamClosed();
    });
  });
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  await new Promise<void>((resolve, reject) => {
    const req = http.request(`${p.url}/v1/chat/completions`, { method: 'POST', headers: JSON_CT, agent: false }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', () => undefined);
    req.on('timeout', () => reject(new Error('no data')));
    req.end(STREAM);
  });
  const t0 = Date.now();
  await closed;
  assert.ok(Date.now() - t0 < 5_000);
  const at = writes;
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(writes, at, 'the upstream stopped writing');
});

test('an exception in one request never takes the process down', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  let thrown = 0;
  p.server.on('request', () => {
    thrown++;
    throw new Error('listener bug at /secret/path.ts:1');
  });
  for (let i = 0; i < 3; i++) assert.equal((await request(`${p.url}/v1/chat/completions`, { headers: JSON_CT, body: CHAT })).status, 200);
  assert.equal(thrown, 3);
  assert.match(p.logger.text(), /listener bug/);

  // A key store that throws: a 500 with an error id, no exception text.
  const broken = await startProxy(
    t,
    { authMode: 'strict' },
    {
      keyStore: {
        current: () => {
          throw new Error('EACCES /home/u/.key');
        },
      },
    },
  );
  const r = await request(`${broken.url}/v1/models`);
  assert.equal(r.status, 500);
  assert.ok(!r.body.includes('EACCES') && !r.body.includes('/home/u'));
  errorIdOf(r.json().error.message);
  assert.equal((await request(`${p.url}/healthz`)).status, 200, 'the process still serves');
});

test('an answer that outlasts upstreamTotalTimeoutMs ends with an error event, however lively it is', async (t) => {
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    // A chunk every 50 ms, never silent long enough for the idle timer: only the total limit ends it.
    const timer = setInterval(
      () =>
        res.write(
          `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-test', choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null }] })}\n\n`,
        ),
      50,
    );
    res.on('close', () => clearInterval(timer));
  });
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)], upstreamIdleTimeoutMs: 1_000, upstreamTotalTimeoutMs: 400 });
  const r = await request(`${p.url}/v1/chat/completions`, { headers: JSON_CT, body: STREAM, timeoutMs: 5_000 });
  assert.equal(r.status, 200);
  const last = JSON.parse((r.body.trim().split('\n\n').pop() ?? '').slice(6));
  assert.equal(last.error.code, 'upstream_total_timeout');
  assert.match(last.error.message, /upstreamTotalTimeoutMs/);
  // Translated the same way, in the client's protocol.
  const a = await request(`${p.url}/v1/messages`, {
    headers: { ...JSON_CT, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'gpt-test', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    timeoutMs: 5_000,
  });
  assert.match(a.body.trim().split('\n\n').pop() ?? '', /^event: error\ndata: .*upstreamTotalTimeoutMs/);
});

test('upstreamTotalTimeoutMs 0 turns the limit off; a negative value is refused', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)], upstreamTotalTimeoutMs: 0 });
  assert.equal(p.server.config.upstreamTotalTimeoutMs, 0);
  assert.equal((await request(`${p.url}/v1/chat/completions`, { headers: JSON_CT, body: CHAT })).status, 200);
  await assert.rejects(startProxy(t, { upstreamTotalTimeoutMs: -1 }), /upstreamTotalTimeoutMs must be an integer >= 0/);
});
