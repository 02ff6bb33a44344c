// The benchmark's warm-up (bench/lib/scenarios.ts warmUp): small JSON at every connection count,
// streams, the translated route for our builds, then small JSON again, so that what is measured
// next (small JSON) does not start by paying for V8 optimizing that path again after the streams.
// A stand-in target records the kind of every request it gets, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { warmUp, type Servers } from '../../bench/lib/scenarios';
import { planFromEnv } from '../../bench/lib/plan';
import type { ServerProc } from '../../bench/lib/procs';

type Kind = 'json' | 'stream' | 'translated';

function standIn(kinds: Kind[]): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { stream?: boolean };
      const kind: Kind = req.url === '/v1/messages' ? 'translated' : body.stream === true ? 'stream' : 'json';
      kinds.push(kind);
      if (kind === 'json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"usage":{"prompt_tokens":1,"completion_tokens":1}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: {"t":${Date.now()}}\n\ndata: [DONE]\n\n`);
    });
  });
}

/** The runs of one kind, in order: ['json', 'stream', ...] for json x N, stream x M, ... */
function runs(kinds: Kind[]): Kind[] {
  return kinds.filter((k, i) => i === 0 || kinds[i - 1] !== k);
}

test('the warm-up ends with small JSON again after the streams and the translated route', { timeout: 60_000 }, async (t) => {
  const kinds: Kind[] = [];
  const server = standIn(kinds);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const proc = { name: 'stand-in', pid: process.pid, url } as ServerProc;
  const plan = { ...planFromEnv({ BENCH_QUICK: '1' }, process.cwd()), connections: [1, 10], warmupS: 0.2 };
  const servers: Servers = { upstream: proc, byId: new Map([['ours-toggle', proc]]) };
  await warmUp(plan, servers, ['ours-toggle']);
  assert.deepEqual(runs(kinds), ['json', 'stream', 'translated', 'json']);
  assert.equal(kinds.filter((k) => k === 'stream').length, 5);
  assert.equal(kinds.filter((k) => k === 'translated').length, 5);
  // A yardstick gets no translated streams, and the same JSON after its streams.
  kinds.length = 0;
  await warmUp(plan, { upstream: proc, byId: new Map([['undici', proc]]) }, ['undici']);
  assert.deepEqual(runs(kinds), ['json', 'stream', 'json']);
});
