// Small-JSON load with autocannon (in this, the harness process: never inside a measured server).
// autocannon's own histogram keeps whole milliseconds, too coarse for a proxy hop of ~0.1 ms, so
// every response time (float ms) is taken from its 'response' event instead.
import http from 'node:http';
import autocannon from 'autocannon';
import { balancedOrder, percentile, sortNumbers } from './stats';

export interface JsonLoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  elapsedS: number;
}

export interface JsonLoadOptions {
  url: string;
  connections: number;
  durationS: number;
  body: string;
  headers: Record<string, string>;
}

export async function jsonLoad(o: JsonLoadOptions): Promise<JsonLoadResult> {
  const times: number[] = [];
  const t0 = performance.now();
  const opts: autocannon.Options = {
    url: o.url,
    method: 'POST',
    body: o.body,
    headers: o.headers,
    connections: o.connections,
    pipelining: 1,
    duration: o.durationS,
    timeout: 10,
    // autocannon stops at its next sampling tick after the duration (default: every second).
    sampleInt: 100,
  };
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) times.push(ms);
  });
  const r = await done;
  const elapsedS = (performance.now() - t0) / 1000;
  const sorted = sortNumbers(times);
  return {
    requests: r.requests.total,
    rps: times.length / elapsedS,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    elapsedS,
  };
}

function timedRequest(agent: http.Agent, url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(url, { method: 'POST', headers, agent }, (res) => {
      res.resume();
      res.once('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.once('error', reject);
    req.end(body);
  });
}

/**
 * Latency at one connection, interleaving the targets request by request (each over its own
 * keep-alive connection), so the other work on this shared machine falls on every target alike.
 * Returns each target's sorted latencies in ms.
 */
export async function interleavedLatency(
  urls: Record<string, string>,
  n: number,
  body: string,
  headers: Record<string, string>,
): Promise<Record<string, number[]>> {
  const ids = Object.keys(urls);
  const agents = Object.fromEntries(ids.map((id) => [id, new http.Agent({ keepAlive: true, maxSockets: 1 })]));
  const out: Record<string, number[]> = Object.fromEntries(ids.map((id) => [id, []]));
  try {
    for (const id of ids) await timedRequest(agents[id], urls[id], body, headers); // connect first
    for (let i = 0; i < n; i++) {
      for (const k of balancedOrder(ids.length, i)) {
        const id = ids[k];
        out[id].push(await timedRequest(agents[id], urls[id], body, headers));
      }
    }
  } finally {
    for (const a of Object.values(agents)) a.destroy();
  }
  return Object.fromEntries(ids.map((id) => [id, sortNumbers(out[id])]));
}
