// Security regression (issue 12 item 3): no connection cap, a header trickle allowed for 66 s and a
// body for 300 s before auth, and no bound on bodies held at once: 1,100 slow keyless connections
// made an authorised request fail, and 8 concurrent 100 MB translated requests took the process
// (the user's VS Code extension host) to 4.1 GB. Now: maxConnections (network peers together at
// most half, one network address at most maxConnectionsPerPeer), headersTimeoutMs and
// requestTimeoutMs, and maxBufferedBodyBytes, each answered in a way the client understands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { request, startFakeUpstream, startProxy, TEST_KEY, upstreamFor } from '../helpers';
import { lanAddress } from '../diagnose-helpers';
import { CLI, cleanEnv, ensureBuilt, tempDir, waitFor } from '../cliHarness';

/** An open connection that sends nothing (or the start of a request), and what it was answered. */
async function idle(
  host: string,
  port: number,
  opts: { localAddress?: string; send?: string } = {},
): Promise<{ socket: net.Socket; answer: () => string; closed: Promise<void> }> {
  const socket = net.connect({ host, port, localAddress: opts.localAddress });
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (c: string) => (answer += c));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  if (opts.send) socket.write(opts.send);
  return { socket, answer: () => answer, closed };
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 100));
}

test('maxConnections: one over the cap gets a 503 at once and is closed; a closed connection frees its place', async (t) => {
  const p = await startProxy(t, { authMode: 'off', maxConnections: 6 });
  const open = await Promise.all(Array.from({ length: 6 }, () => idle('127.0.0.1', p.port)));
  t.after(() => open.forEach((c) => c.socket.destroy()));
  await settle();
  const over = await idle('127.0.0.1', p.port);
  await over.closed;
  assert.match(over.answer(), /^HTTP\/1\.1 503 /);
  assert.match(over.answer(), /"code":"too_many_connections"/);
  assert.match(over.answer(), /retry-after: 1/i);
  open[0].socket.destroy();
  await settle();
  assert.equal((await request(`${p.url}/healthz`)).status, 200);
  assert.match(p.logger.text(), /Refused 1 connection\(s\) over maxConnections 6/);
});

test("a LAN flood of slow keyless connections cannot take the budget of this machine's clients: an authorised local request is served", async (t) => {
  const lan = lanAddress();
  const p = await startProxy(t, { authMode: 'all_except_health', allowLanAccess: true, maxConnections: 20, maxConnectionsPerPeer: 50 });
  // Slow keyless requests from one LAN address: header trickles, never finished.
  const flood = await Promise.all(Array.from({ length: 30 }, () => idle(lan, p.port, { localAddress: lan, send: 'GET /v1/models HTTP/1.1\r\nHost: x\r\n' })));
  t.after(() => flood.forEach((c) => c.socket.destroy()));
  const refused = () => flood.filter((c) => /too_many_connections/.test(c.answer())).length;
  for (let i = 0; i < 50 && refused() < 20; i++) await settle();
  assert.equal(refused(), 20, 'network peers together get half of maxConnections (10 of 20)');
  const r = await request(`${p.url}/v1/models`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
  assert.equal(r.status, 200);
});

test('maxConnectionsPerPeer: one LAN address cannot hold more; another address (here this machine) can', async (t) => {
  const lan = lanAddress();
  const p = await startProxy(t, { authMode: 'off', allowLanAccess: true, maxConnections: 100, maxConnectionsPerPeer: 3 });
  const mine = await Promise.all(Array.from({ length: 3 }, () => idle(lan, p.port, { localAddress: lan })));
  t.after(() => mine.forEach((c) => c.socket.destroy()));
  await settle();
  const fourth = await idle(lan, p.port, { localAddress: lan });
  await fourth.closed;
  assert.match(fourth.answer(), /too_many_connections/);
  assert.equal((await request(`${p.url}/healthz`)).status, 200);
});

test('headersTimeoutMs cuts a header trickle with 408; requestTimeoutMs a stalled body; an idle keep-alive connection is not cut', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { authMode: 'off', headersTimeoutMs: 1500, requestTimeoutMs: 2500, upstreams: [upstreamFor(fake)] });
  const trickle = await idle('127.0.0.1', p.port, { send: 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n' });
  const timer = setInterval(() => trickle.socket.writable && trickle.socket.write('x-more: 1\r\n'), 200);
  const t0 = Date.now();
  await trickle.closed;
  clearInterval(timer);
  assert.match(trickle.answer(), /^HTTP\/1\.1 408 /);
  assert.match(trickle.answer(), /"code":"request_timeout"/);
  assert.ok(Date.now() - t0 < 1500 + 2000, `cut after ${Date.now() - t0} ms`);

  const body = await idle('127.0.0.1', p.port, {
    send: 'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{"model":',
  });
  await body.closed;
  assert.match(body.answer(), /^HTTP\/1\.1 408 /);
  assert.equal(fake.requests.length, 0, 'nothing went upstream');

  const keepAlive = await idle('127.0.0.1', p.port, { send: 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' });
  await new Promise((r) => setTimeout(r, 3000));
  keepAlive.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  await settle();
  assert.equal(keepAlive.answer().match(/HTTP\/1\.1 200/g)?.length, 2, 'idle time between requests is not header time');
  keepAlive.socket.destroy();
});

test("maxBufferedBodyBytes: bodies held at once beyond the budget get 503 with Retry-After in the client's protocol; one larger than the budget 413; room comes back when a request ends", async (t) => {
  let release: () => void = () => undefined;
  const fake = await startFakeUpstream(t, async (req, res) => {
    if (req.body.includes('HOLD-ME')) await new Promise<void>((r) => (release = r));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-test',
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      }),
    );
  });
  const MiB = 1024 * 1024;
  const p = await startProxy(t, { authMode: 'off', maxBufferedBodyBytes: MiB, upstreams: [upstreamFor(fake)] });
  const big = (tag: string, kb: number) =>
    JSON.stringify({ model: 'gpt-test', max_tokens: 5, messages: [{ role: 'user', content: `${tag} ${'x'.repeat(kb * 1024)}` }] });
  const anthropic = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };
  const held = request(`${p.url}/v1/messages`, { headers: anthropic, body: big('HOLD-ME', 600) });
  while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
  const busy = await request(`${p.url}/v1/messages`, { headers: anthropic, body: big('second', 600) });
  assert.equal(busy.status, 503);
  assert.equal(busy.json().type, 'error', "in the Anthropic client's shape");
  assert.equal(busy.json().error.code, 'server_busy');
  assert.equal(busy.headers['retry-after'], '2');
  // Chunked (no Content-Length): refused as it grows past the budget.
  const chunked = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      `${p.url}/v1/chat/completions`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    const third = big('third', 500);
    req.write(third.slice(0, 200 * 1024));
    req.end(third.slice(200 * 1024));
  });
  assert.equal(chunked, 503);
  const tooBig = await request(`${p.url}/v1/messages`, { headers: anthropic, body: big('huge', 1100) });
  assert.equal(tooBig.status, 413);
  assert.match(tooBig.json().error.message, /maxBufferedBodyBytes/);
  release();
  assert.equal((await held).status, 200);
  await settle();
  assert.equal((await request(`${p.url}/v1/messages`, { headers: anthropic, body: big('again', 600) })).status, 200, 'the budget was given back');
});

test('the CLI says at start when the descriptor limit is too low for maxConnections (Linux)', { skip: process.platform !== 'linux' }, async (t) => {
  ensureBuilt();
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ maxConnections: 512 }));
  // A hard limit of 600 descriptors: 512 connections would need about 1,088.
  const child = spawn('bash', ['-c', `ulimit -n 600 && exec "${process.execPath}" "${CLI}" start --port 0 --state-dir "${dir}"`], {
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => void (child.exitCode === null && child.kill('SIGKILL')));
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  assert.ok(await waitFor(() => /maxConnections 512 may need 1088 file descriptors, but this process may open 600/.test(err), 10_000), err);
  assert.match(err, /lower maxConnections to 268/);
  child.kill('SIGTERM');
});
