// Every request the proxy answers becomes one usage record (issue 15), built where the answer
// finishes and handed to the hosts as the 'request' event: model asked for and served, upstream,
// the key's label, status and reason code, time to first byte, duration, tokens (from the piped
// bytes of a pass-through, from the IR of a translated answer), streamed. The proxy's own traffic
// (health checks, telemetry, admin endpoints) is not usage. With recording on, the upstream is
// asked for uncompressed answers when the client asked for a coding (their usage block would be
// hidden in gzip), and a client that asked for none adds nothing; with nobody listening, nothing
// is scanned and the client's Accept-Encoding goes through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { RequestEvent } from '../../src/proxy';
import { request, startFakeUpstream, startProxy, TEST_KEY, UPSTREAM_KEY, upstreamFor, type TestProxy } from '../helpers';
import { startFakeProvider } from '../fakeProviders';

const JSON_CT = { 'content-type': 'application/json' };
const auth = { authorization: `Bearer ${TEST_KEY}` };

function collect(p: TestProxy): RequestEvent[] {
  const out: RequestEvent[] = [];
  p.server.on('request', (e: RequestEvent) => out.push(e));
  return out;
}

async function until(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a pass-through answer, whole and streamed: model asked and served, upstream, key label, tokens from the piped bytes, TTFB', async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const p = await startProxy(t, { upstreams: [upstreamFor(fake, { apiKeys: [{ name: 'work', key: UPSTREAM_KEY }] })], modelAliases: { 'my-model': 'm-text' } });
  const records = collect(p);
  const headers = { ...JSON_CT, 'user-agent': 'OpenAI/JS 6.49.0', 'accept-encoding': 'gzip, br' };
  const whole = await request(`${p.url}/v1/chat/completions`, {
    headers,
    body: JSON.stringify({ model: 'my-model', messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(whole.status, 200);
  const streamed = await request(`${p.url}/v1/chat/completions`, {
    headers,
    body: JSON.stringify({ model: 'm-text', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(streamed.status, 200);
  await until('two records', () => records.length === 2);
  const [a, b] = records;
  assert.equal(a.method, 'POST');
  assert.equal(a.path, '/v1/chat/completions');
  assert.equal(a.protocol, 'openai');
  assert.equal(a.userAgent, 'OpenAI/JS 6.49.0');
  assert.equal(a.model, 'my-model');
  assert.equal(a.servedModel, 'm-text', 'after the alias');
  assert.equal(a.upstream, 'fake');
  assert.equal(a.keyLabel, 'work');
  assert.equal(a.status, 200);
  assert.equal(a.reason, undefined);
  assert.equal(a.streamed, false);
  assert.deepEqual([a.inputTokens, a.outputTokens], [11, 5]);
  assert.ok(a.ttfbMs! > 0 && a.ttfbMs! <= a.durationMs, `${a.ttfbMs} <= ${a.durationMs}`);
  assert.equal(b.streamed, true);
  assert.deepEqual([b.inputTokens, b.outputTokens], [11, 5], 'the usage chunk of the stream');
  // The upstream was asked for identity: a gzip answer would hide its usage block.
  for (const r of fake.requests) assert.equal(r.headers['accept-encoding'], 'identity');
  assert.ok(!JSON.stringify(records).includes(UPSTREAM_KEY) && !JSON.stringify(records).includes(TEST_KEY), 'no key in a record');
});

test('a translated answer (Anthropic client, OpenAI upstream): tokens from the IR usage, streamed and not', async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const records = collect(p);
  const headers = { ...JSON_CT, 'anthropic-version': '2023-06-01', 'user-agent': 'claude-cli/2.1.114 (external, cli)' };
  for (const stream of [false, true]) {
    const r = await request(`${p.url}/v1/messages`, {
      headers,
      body: JSON.stringify({ model: 'm-text', max_tokens: 50, stream, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(r.status, 200);
  }
  await until('two records', () => records.length === 2);
  for (const [i, r] of records.entries()) {
    assert.equal(r.protocol, 'anthropic');
    assert.equal(r.upstream, 'fake');
    assert.equal(r.streamed, i === 1);
    assert.deepEqual([r.inputTokens, r.outputTokens], [11, 5], `record ${i}`);
  }
});

test('refusals and failures are records too, with their reason code; health checks, telemetry and admin endpoints are not', async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const p = await startProxy(t, { authMode: 'strict', upstreams: [upstreamFor(fake)] });
  const records = collect(p);
  assert.equal((await request(`${p.url}/v1/models`, { headers: { authorization: 'Bearer sk-wrong-0123456789abcdefghij' } })).status, 401);
  assert.equal((await request(`${p.url}/v1/nothing-here`, { headers: auth })).status, 404);
  assert.equal((await request(`${p.url}/v1/chat/completions`, { headers: { ...auth, ...JSON_CT }, body: '{"model":' })).status, 400);
  assert.equal(
    (
      await request(`${p.url}/v1/chat/completions`, {
        headers: { ...auth, ...JSON_CT },
        body: JSON.stringify({ model: 'm-ratelimit', messages: [{ role: 'user', content: 'x' }] }),
      })
    ).status,
    429,
  );
  // Not usage:
  await request(`${p.url}/healthz`, { headers: auth });
  await request(`${p.url}/_antigravity/status`, { headers: auth });
  await request(`${p.url}/api/event_logging/batch`, { headers: { ...auth, ...JSON_CT }, body: '{}' });
  await until('four records', () => records.length >= 4);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(
    records.map((r) => [r.status, r.reason, r.path]),
    [
      [401, 'invalid_key', '/v1/models'],
      [404, 'not_found', '/v1/nothing-here'],
      [400, 'invalid_json', '/v1/chat/completions'],
      [429, 'upstream_rate_limited', '/v1/chat/completions'],
    ],
  );
  assert.equal(records[3].model, 'm-ratelimit');
  assert.equal(records[3].upstream, 'fake');
});

test('a key pool that rotates after a 429: the record names the key that answered', async (t) => {
  let calls = 0;
  const fake = await startFakeUpstream(t, (req, res) => {
    calls++;
    if (req.headers.authorization === 'Bearer sk-first-0123456789abcdefghij') {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '30' });
      res.end('{"error":{"message":"slow down"}}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'x',
        object: 'chat.completion',
        model: 'gpt-test',
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: 4 },
      }),
    );
  });
  const p = await startProxy(t, {
    upstreams: [
      upstreamFor(fake, {
        apiKeys: [
          { name: 'first', key: 'sk-first-0123456789abcdefghij' },
          { name: 'second', key: 'sk-second-0123456789abcdefghi' },
        ],
      }),
    ],
  });
  const records = collect(p);
  assert.equal(
    (
      await request(`${p.url}/v1/chat/completions`, {
        headers: JSON_CT,
        body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] }),
      })
    ).status,
    200,
  );
  await until('the record', () => records.length === 1);
  assert.equal(calls, 2);
  assert.equal(records[0].keyLabel, 'second');
  assert.deepEqual([records[0].inputTokens, records[0].outputTokens], [3, 4]);
});

test('with recording on, a client that asked for no coding is forwarded without Accept-Encoding, and its tokens are counted', async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const records = collect(p);
  for (const stream of [false, true]) {
    const r = await request(`${p.url}/v1/chat/completions`, {
      headers: { ...JSON_CT, ...auth },
      body: JSON.stringify({
        model: 'm-text',
        stream,
        stream_options: stream ? { include_usage: true } : undefined,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    assert.equal(r.status, 200);
    // Nothing added to its request: a server answers a client without Accept-Encoding uncompressed.
    assert.equal(fake.requests.at(-1)?.headers['accept-encoding'], undefined);
  }
  await until('two records', () => records.length === 2);
  for (const rec of records) assert.deepEqual([rec.inputTokens, rec.outputTokens], [11, 5]);
});

test("with nobody recording, nothing is scanned and the client's Accept-Encoding goes to the upstream as sent", async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const r = await request(`${p.url}/v1/chat/completions`, {
    headers: { ...JSON_CT, 'accept-encoding': 'gzip' },
    body: JSON.stringify({ model: 'm-text', messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(r.status, 200);
  assert.equal(fake.requests.at(-1)?.headers['accept-encoding'], 'gzip');
});

test('recording follows the listeners as they come and go: on, once, off, all removed', async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const ask = async (): Promise<string | undefined> => {
    const r = await request(`${p.url}/v1/chat/completions`, {
      headers: { ...JSON_CT, 'accept-encoding': 'gzip' },
      body: JSON.stringify({ model: 'm-text', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(r.status, 200);
    // While someone records, the upstream is asked for identity (the answer is scanned).
    return fake.requests.at(-1)?.headers['accept-encoding'] as string | undefined;
  };
  const seen: RequestEvent[] = [];
  const a = (e: RequestEvent): void => void seen.push(e);
  const b = (): void => undefined;
  p.server.on('request', a);
  p.server.on('request', b);
  assert.equal(await ask(), 'identity');
  p.server.off('request', a);
  assert.equal(await ask(), 'identity', 'one listener is still there');
  p.server.off('request', b);
  assert.equal(await ask(), 'gzip', 'nobody records');
  p.server.once('request', a);
  assert.equal(await ask(), 'identity', 'a once listener records one request');
  await until('the once listener', () => seen.length === 2);
  assert.equal(await ask(), 'gzip', 'and is gone after it');
  p.server.on('request', a);
  p.server.removeAllListeners('request');
  assert.equal(await ask(), 'gzip', 'all removed');
  assert.equal(seen.length, 2);
  assert.deepEqual([seen[1].inputTokens, seen[1].outputTokens], [11, 5]);
});

test('a client that leaves mid-stream: one record, status 499', async (t) => {
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"choices":[{"delta":{"content":"x"}}]}\n\n');
    const timer = setInterval(() => res.write('data: {"choices":[{"delta":{"content":"x"}}]}\n\n'), 20);
    res.on('close', () => clearInterval(timer));
  });
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const records = collect(p);
  await new Promise<void>((resolve) => {
    const req = http.request(`${p.url}/v1/chat/completions`, { method: 'POST', headers: JSON_CT }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', () => undefined);
    req.end(JSON.stringify({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'x' }] }));
  });
  await until('the record', () => records.length === 1);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(records.length, 1);
  assert.equal(records[0].status, 499);
  assert.equal(records[0].streamed, true);
});
