// `node --import tsx bench/upstream-header.ts`: what one more header on the upstream request costs
// the proxy's upstream client (undici's Pool.dispatch, as src/proxy/upstream/client.ts calls it).
// Usage recording used to add `Accept-Encoding: identity` to the request of a client that sent
// none (curl, the benchmark's load); it now only replaces a client's own (passThrough.ts). Small
// JSON requests to a server in another process, 10 at a time, with the pass-through's headers
// and with one more (BENCH_HEADER, default accept-encoding), alternating in pairs of bursts;
// the CPU is this process's (the client's) own.
// Knobs: BENCH_HEADER, BENCH_PAIRS (30), BENCH_REQUESTS (5000 per burst).
import path from 'node:path';
import type { Dispatcher } from 'undici';
import Pool from 'undici/lib/dispatcher/pool';
import { HOP_HEADER, HOP_ID } from '../src/proxy/gate/selfLoop';
import { meanInterval, median } from './lib/stats';
import { JSON_BODY, startUpstream } from './lib/targets';

const HEADER = process.env.BENCH_HEADER ?? 'accept-encoding';
const PAIRS = Number(process.env.BENCH_PAIRS ?? 30);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const BODY = Buffer.from(JSON_BODY);

function one(pool: Pool, extra: boolean): Promise<void> {
  // The pass-through's headers for the benchmark's load: the client's content type, then what the
  // transport adds (the upstream key, the loop-detection header, the length).
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (extra) headers[HEADER] = 'identity';
  headers.authorization = 'Bearer sk-bench-upstream-key-0000000000000000';
  headers[HOP_HEADER] = HOP_ID;
  headers['content-length'] = String(BODY.length);
  return new Promise((resolve, reject) => {
    const handler: Dispatcher.DispatchHandler = {
      onConnect: () => undefined,
      onHeaders: () => true,
      onData: () => true,
      onComplete: () => resolve(),
      onError: reject,
    };
    pool.dispatch({ method: 'POST', path: '/v1/chat/completions', headers, body: BODY }, handler);
  });
}

/** CPU µs per request of `n` requests, 10 in flight. */
async function burst(pool: Pool, extra: boolean, n: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i += 10) await Promise.all(Array.from({ length: 10 }, () => one(pool, extra)));
  const c = process.cpuUsage(start);
  return (c.user + c.system) / n;
}

async function main(): Promise<void> {
  const upstream = await startUpstream(path.resolve(__dirname, '..'));
  try {
    const pool = new Pool(upstream.url, { pipelining: 1 });
    for (let i = 0; i < 4; i++) for (const extra of [false, true]) await burst(pool, extra, 3000);
    const diffs: number[] = [];
    let without = 0;
    for (let i = 0; i < PAIRS; i++) {
      const us: Record<'with' | 'without', number> = { with: 0, without: 0 };
      for (const extra of i % 2 === 0 ? [false, true] : [true, false]) us[extra ? 'with' : 'without'] = await burst(pool, extra, REQUESTS);
      diffs.push(us.with - us.without);
      without += us.without / PAIRS;
    }
    const { mean, ci95 } = meanInterval(diffs);
    process.stdout.write(
      `one more header (${HEADER}) on the upstream request: ${mean >= 0 ? '+' : ''}${mean.toFixed(2)} ± ${ci95.toFixed(2)} µs CPU per request (95%; median pair ${median(diffs).toFixed(2)}), of ${without.toFixed(1)} µs without it, over ${PAIRS} alternating pairs of ${REQUESTS} requests\n`,
    );
    await pool.close();
  } finally {
    await upstream.stop();
  }
}

void main();
