// What serving the editor's models through the proxy costs (issue 13's performance targets), in a
// real extension host against the fake provider. Four ways to the same model:
//   direct      sendRequest called by this test extension (in-process, no HTTP);
//   bare HTTP   a client reaching sendRequest through the least any HTTP bridge can be: a node:http
//               server in this test extension that writes each part as an SSE event;
//   proxy       the proxy (POST /v1/messages, an Anthropic client, streamed);
//   translated  the existing translation path for comparison: an Anthropic client on an OpenAI
//               upstream (the benchmark's fake upstream, bench/servers/upstream.mjs).
// Measured: time to the first token (for the HTTP ways, by the benchmark's SSE client: time to the
// first byte of the body, which through the proxy is the first token's events) and extension-host
// CPU per streamed chunk (process.cpuUsage, minus the host's idle CPU over the same wall time). The
// clients and the upstream are child processes, so the host's CPU is the provider, VS Code's own
// messaging, and the bridge and the proxy. Written to measurements-lm-perf.json for the README
// ("The editor's language models"); speed targets are not asserted here (a shared 2-core machine is
// too noisy for timed tests), only that every chunk arrived.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension/main';
import { api, setSetting, waitFor, writeResult } from './util';

const VENDOR = 'antigravity-fake';
/** Each CPU-measured stream: this many chunks, back to back (the provider's loop does not pause). */
const CHUNKS = 200;
const ROUNDS = 5;
const STREAMS_PER_ROUND = 3;
const TTFT_SAMPLES = 30;
const ROOT = path.resolve(__dirname, '..', '..', '..');
/** The token the fake provider and the benchmark's upstream put in every chunk. */
const TOKEN = /tok\d+@\d+\.\d /g;

interface StreamResult {
  status: number;
  ttfbMs: number;
  totalMs: number;
  chunks: number;
  error?: string;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round1 = (x: number): number => Math.round(x * 10) / 10;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const cpuUs = (c: NodeJS.CpuUsage): number => c.user + c.system;

/** A Node process next to the extension host (the host's own binary; Electron needs ELECTRON_RUN_AS_NODE). */
function node(script: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [script], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
}

/** perfChild.js: one stream per request, answered in order. */
class StreamClient {
  private readonly child = node(path.join(__dirname, 'perfChild.js'));
  private readonly answers: Array<(r: StreamResult) => void> = [];
  constructor() {
    readline.createInterface({ input: this.child.stdout! }).on('line', (l) => this.answers.shift()?.(JSON.parse(l) as StreamResult));
  }
  stream(url: string, body: unknown): Promise<StreamResult> {
    return new Promise((resolve) => {
      this.answers.push(resolve);
      this.child.stdin!.write(
        `${JSON.stringify({ url, headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(body) })}\n`,
      );
    });
  }
  close(): void {
    this.child.stdin!.end();
    this.child.kill();
  }
}

/** bench/servers/upstream.mjs: an OpenAI SSE upstream; its port. */
async function startUpstream(): Promise<{ port: number; child: ChildProcess }> {
  const child = node(path.join(ROOT, 'bench', 'servers', 'upstream.mjs'), { BENCH_SSE_CHUNKS: String(CHUNKS) });
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the upstream exited (${code})`)));
  });
  const m = /127\.0\.0\.1:(\d+)/.exec(line);
  assert.ok(m, line);
  return { port: Number(m[1]), child };
}

/** The bare HTTP bridge: POST {text} -> sendRequest -> each text part as an SSE event. */
function bareServer(model: vscode.LanguageModelChat): http.Server {
  return http.createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      void (async () => {
        const { text } = JSON.parse(Buffer.concat(body).toString('utf8')) as { text: string };
        const cts = new vscode.CancellationTokenSource();
        res.once('close', () => cts.cancel());
        try {
          const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(text)], {}, cts.token);
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          for await (const part of response.stream) if (part instanceof vscode.LanguageModelTextPart) res.write(`data: ${JSON.stringify(part.value)}\n\n`);
          res.end();
        } catch (e) {
          if (!res.headersSent) res.writeHead(502);
          res.end(String(e));
        } finally {
          cts.dispose();
        }
      })();
    });
  });
}

suite('the cost of serving the editor models through the proxy (measured)', function () {
  let a: TestApi;
  let model: vscode.LanguageModelChat;
  let client: StreamClient;
  let upstream: { port: number; child: ChildProcess } | undefined;
  let bare: http.Server | undefined;
  const measurements: Record<string, unknown> = {};

  suiteSetup(async function () {
    this.timeout(60_000);
    a = await api();
    const [m] = await vscode.lm.selectChatModels({ vendor: VENDOR, id: 'fake-gpt-5' });
    assert.ok(m, 'the fake model');
    model = m;
    client = new StreamClient();
    upstream = await startUpstream();
    bare = bareServer(model);
    await new Promise<void>((r) => bare!.listen(0, '127.0.0.1', r));
    await setSetting('upstreams', [{ name: 'perf', kind: 'openai', baseUrl: `http://127.0.0.1:${upstream.port}/v1`, models: ['bench-*'] }]);
    await waitFor('the perf upstream', () => a.upstreamNames().includes('perf'));
  });

  suiteTeardown(async () => {
    client?.close();
    upstream?.child.kill();
    await new Promise((r) => (bare ? bare.close(r) : r(undefined)));
    await setSetting('upstreams', undefined);
    writeResult('measurements-lm-perf.json', measurements);
  });

  const proxyUrl = (): string => `http://127.0.0.1:${a.port()}/v1/messages`;
  const bareUrl = (): string => `http://127.0.0.1:${(bare!.address() as AddressInfo).port}/`;
  const ask = (m: string, text: string) => ({ model: m, max_tokens: 4096, stream: true, messages: [{ role: 'user', content: text }] });

  /** sendRequest from this extension: ms to the first part, and the tokens counted. */
  async function direct(text: string): Promise<{ firstMs: number; chunks: number }> {
    const cts = new vscode.CancellationTokenSource();
    try {
      const t0 = performance.now();
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(text)], {}, cts.token);
      let firstMs = NaN;
      let chunks = 0;
      for await (const part of response.stream) {
        if (Number.isNaN(firstMs)) firstMs = performance.now() - t0;
        if (part instanceof vscode.LanguageModelTextPart) chunks += part.value.match(TOKEN)?.length ?? 0;
      }
      return { firstMs, chunks };
    } finally {
      cts.dispose();
    }
  }

  /** One way to the model: ms to the first token and the chunks counted. */
  function ways(prompt: string): Record<string, () => Promise<{ firstMs: number; chunks: number }>> {
    const overHttp = async (url: string, body: unknown): Promise<{ firstMs: number; chunks: number }> => {
      const r = await client.stream(url, body);
      assert.equal(r.status, 200, r.error);
      return { firstMs: r.ttfbMs, chunks: r.chunks };
    };
    return {
      direct: () => direct(prompt),
      bareHttp: () => overHttp(bareUrl(), { text: prompt }),
      proxy: () => overHttp(proxyUrl(), ask('fake-gpt-5', prompt)),
      translated: () => overHttp(proxyUrl(), ask('bench-sse-gap-0', 'hi')),
    };
  }

  test('time to the first token: directly, through a bare HTTP bridge, through the proxy', async function () {
    this.timeout(120_000);
    const w = ways('[[stream:2:0]]');
    const names = ['direct', 'bareHttp', 'proxy'];
    const ms: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (const n of names) await w[n](); // warm: connections, JIT
    for (let i = 0; i < TTFT_SAMPLES; i++) {
      // Interleaved, rotating which goes first, so the machine's load falls on all alike.
      for (const n of names.slice(i % 3).concat(names.slice(0, i % 3))) {
        await sleep(50);
        const r = await w[n]();
        assert.equal(r.chunks, 2, n);
        ms[n].push(r.firstMs);
      }
    }
    const med = (n: string): number => median(ms[n]);
    // Paired: each sample's ways ran back to back, so their difference holds less of the machine's drift.
    const paired = (x: string, y: string): number => median(ms[x].map((v, i) => v - ms[y][i]));
    Object.assign(measurements, {
      ttftMedianMs: Object.fromEntries(names.map((n) => [n, round1(med(n))])),
      ttftAddedByProxyOverBareHttpMs: round1(paired('proxy', 'bareHttp')),
      ttftAddedOverDirectMs: round1(paired('proxy', 'direct')),
      ttftMs: Object.fromEntries(names.map((n) => [n, ms[n].map(round1)])),
      ttftSamples: TTFT_SAMPLES,
    });
  });

  test('extension-host CPU per streamed chunk: directly, bare HTTP, the proxy, and the translation path', async function () {
    this.timeout(240_000);
    const w = ways(`[[stream:${CHUNKS}:0]]`);
    const names = Object.keys(w);
    const perChunkUs: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const idleUsPerMs: number[] = [];
    for (const n of names) await w[n](); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      // The host's own CPU while idle (timers, VS Code's messaging), to subtract.
      const i0 = process.cpuUsage();
      const t0 = performance.now();
      await sleep(500);
      const idleRate = cpuUs(process.cpuUsage(i0)) / (performance.now() - t0);
      idleUsPerMs.push(idleRate);
      // Rotated each round: A B C D, B C D A, ...
      for (const n of names.slice(round % names.length).concat(names.slice(0, round % names.length))) {
        await sleep(50);
        const c0 = process.cpuUsage();
        const start = performance.now();
        let chunks = 0;
        for (let s = 0; s < STREAMS_PER_ROUND; s++) chunks += (await w[n]()).chunks;
        const wall = performance.now() - start;
        assert.equal(chunks, CHUNKS * STREAMS_PER_ROUND, `${n}: every chunk arrived`);
        perChunkUs[n].push((cpuUs(process.cpuUsage(c0)) - idleRate * wall) / chunks);
      }
    }
    const med = (n: string): number => median(perChunkUs[n]);
    const byRound = (f: (i: number) => number): number[] => perChunkUs.direct.map((_, i) => f(i));
    const addedOverDirect = byRound((i) => perChunkUs.proxy[i] - perChunkUs.direct[i]);
    const addedOverBare = byRound((i) => perChunkUs.proxy[i] - perChunkUs.bareHttp[i]);
    Object.assign(measurements, {
      cpuPerChunkUs: Object.fromEntries(names.map((n) => [n, perChunkUs[n].map(round1)])),
      cpuPerChunkMedianUs: Object.fromEntries(names.map((n) => [n, round1(med(n))])),
      cpuAddedByProxyOverDirectMedianUs: round1(median(addedOverDirect)),
      cpuAddedByProxyOverBareHttpMedianUs: round1(median(addedOverBare)),
      cpuAddedOverDirectVsTranslatedRatio: round1(median(addedOverDirect) / med('translated')),
      idleHostCpuUsPerMs: idleUsPerMs.map(round1),
      chunksPerStream: CHUNKS,
      rounds: ROUNDS,
      streamsPerRound: STREAMS_PER_ROUND,
    });
  });
});
