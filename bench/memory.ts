// `npm run bench:memory`: how much memory large request bodies cost the proxy, the measurement
// behind the default of maxBufferedBodyBytes (issue 12: 8 concurrent 100 MB translated requests
// took the process to 4.1 GB; inside VS Code that process is the user's extension host). Starts
// our proxy as shipped (dist/cli.js) and a fake OpenAI upstream that discards what it gets, sends
// N concurrent Anthropic requests of B MB each (translated to OpenAI: parsed, converted, encoded
// again), samples the proxy's RSS, and prints the peak and the answers' statuses.
// Knobs: BENCH_MEM_N (8), BENCH_MEM_MB (100), BENCH_MEM_BUDGET_MB (the proxy's maxBufferedBodyBytes
// in MiB; unset = the default, "off" = no budget), BENCH_MEM_MODE (translated | passthrough).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { rssMb, rssSampler, spawnServer } from './lib/procs';
import { PROXY_KEY } from './lib/targets';

const root = path.resolve(__dirname, '..');
const N = Number(process.env.BENCH_MEM_N ?? 8);
const MB = Number(process.env.BENCH_MEM_MB ?? 100);
const budget = process.env.BENCH_MEM_BUDGET_MB;
const mode = process.env.BENCH_MEM_MODE === 'passthrough' ? 'passthrough' : 'translated';

/** An upstream that reads and drops the body, then answers a small chat completion. */
function startSink(): Promise<{ url: string; close(): void }> {
  const s = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
        close: () => {
          s.closeAllConnections();
          s.close();
        },
      }),
    ),
  );
}

/** One request of about `mb` MB: a single user message holding the text. */
function body(mb: number): Buffer {
  const text = 'The quick brown fox jumps over the lazy dog. '.repeat(Math.ceil((mb * 1024 * 1024) / 45)).slice(0, mb * 1024 * 1024);
  const msg =
    mode === 'translated'
      ? { model: 'big', max_tokens: 5, messages: [{ role: 'user', content: text }] }
      : { model: 'big', messages: [{ role: 'user', content: text }] };
  return Buffer.from(JSON.stringify(msg));
}

function post(url: string, payload: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const path = mode === 'translated' ? '/v1/messages' : '/v1/chat/completions';
    const req = http.request(
      `${url}${path}`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          authorization: `Bearer ${PROXY_KEY}`,
          'anthropic-version': '2023-06-01',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.setTimeout(300_000, () => req.destroy());
    req.end(payload);
  });
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(root, 'dist/cli.js'))) {
    process.stderr.write('bench:memory: dist/cli.js is missing: run `npm run build` first (npm run bench:memory does)\n');
    return 2;
  }
  const sink = await startSink();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-bench-mem-'));
  fs.writeFileSync(path.join(dir, 'api_key'), PROXY_KEY + '\n', { mode: 0o600 });
  const config: Record<string, unknown> = {
    maxBodyBytes: (MB + 8) * 1024 * 1024,
    upstreams: [{ name: 'sink', kind: 'openai', baseUrl: `${sink.url}/v1`, apiKeys: ['sk-bench-upstream-key-0123456789abcdefghij'], models: ['*'] }],
  };
  if (budget === 'off') config.maxBufferedBodyBytes = Number.MAX_SAFE_INTEGER;
  else if (budget !== undefined) config.maxBufferedBodyBytes = Number(budget) * 1024 * 1024;
  const cfg = path.join(dir, 'config.json');
  fs.writeFileSync(cfg, JSON.stringify(config));
  const proxy = await spawnServer('ours', [
    path.join(root, 'dist/cli.js'),
    'start',
    '--port',
    '0',
    '--auth-mode',
    'strict',
    '--config',
    cfg,
    '--state-dir',
    dir,
  ]);
  try {
    const payload = body(MB);
    const idle = rssMb(proxy.pid);
    const sampler = rssSampler(proxy.pid, 20);
    const t0 = performance.now();
    const statuses = await Promise.all(Array.from({ length: N }, () => post(proxy.url, payload)));
    const seconds = (performance.now() - t0) / 1000;
    const peak = sampler.stop();
    const counts = new Map<number, number>();
    for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
    const budgetText = budget === 'off' ? 'off' : budget !== undefined ? `${budget} MiB` : 'default';
    process.stdout.write(
      `${mode}: ${N} concurrent requests of ${MB} MB, budget ${budgetText}: proxy RSS ${idle.toFixed(0)} MB idle, peak ${peak.toFixed(0)} MB; ` +
        `answers ${[...counts].map(([s, n]) => `${n} x ${s}`).join(', ')}; ${seconds.toFixed(1)} s\n`,
    );
    return 0;
  } finally {
    await proxy.stop();
    sink.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`bench:memory: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
