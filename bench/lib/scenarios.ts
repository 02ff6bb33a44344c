// The measurement loops. Every scenario alternates its targets within a round (A/B/C, then B/C/A,
// ...), so slow drifts of this shared machine hit every target alike; the report takes medians over
// rounds and ratios measured within the same round.
import { interleavedLatency, jsonLoad } from './load';
import { cpuMicros, rssMb, rssSampler, type ServerProc } from './procs';
import { sseInterleaved, sseRun, sseSequential, type SseRequest, type SseRunResult } from './sse';
import { percentile, rotate } from './stats';
import { AUTH_HEADERS, JSON_BODY, PROXY_KEY, startTarget, type StartContext } from './targets';
import type { Plan } from './plan';

export const SSE_CHUNKS = 200;

export interface Servers {
  upstream: ServerProc;
  /** Target id -> its process; `direct` maps to the upstream itself (no proxy CPU). */
  byId: Map<string, ServerProc>;
}

function urlOf(s: Servers, id: string): string {
  return id === 'direct' ? s.upstream.url : (s.byId.get(id) as ServerProc).url;
}

function pidOf(s: Servers, id: string): number | undefined {
  return id === 'direct' ? undefined : s.byId.get(id)?.pid;
}

function cpuOf(pid: number | undefined): number {
  return pid === undefined ? NaN : cpuMicros(pid);
}

function sseRequest(base: string, gapMs: number): SseRequest {
  return {
    url: `${base}/v1/chat/completions`,
    headers: AUTH_HEADERS,
    body: JSON.stringify({ model: `bench-sse-gap-${gapMs}`, stream: true, messages: [{ role: 'user', content: 'Say hello.' }] }),
  };
}

function anthropicRequest(base: string, gapMs: number): SseRequest {
  return {
    url: `${base}/v1/messages`,
    headers: { 'content-type': 'application/json', 'x-api-key': PROXY_KEY, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: `bench-sse-gap-${gapMs}`, max_tokens: 1024, stream: true, messages: [{ role: 'user', content: 'Say hello.' }] }),
  };
}

// ---- small JSON -------------------------------------------------------------------------------

export interface JsonSample {
  rps: number;
  p50: number;
  p99: number;
  /** Proxy CPU per request, µs (NaN for the upstream reached directly). */
  cpuUs: number;
  requests: number;
  errors: number;
}

export type JsonResults = Record<number, Record<string, JsonSample[]>>;

/**
 * One-connection latency from the interleaved probe, per target and round: p50 and p99 in ms, and
 * the proxy's CPU per request (every target served the same one-at-a-time request pattern).
 */
export type LatencyResults = Record<string, { p50: number; p99: number; cpuUs: number }[]>;

export async function runLatency(plan: Plan, s: Servers, targets: string[], log: (m: string) => void): Promise<LatencyResults> {
  const out: LatencyResults = Object.fromEntries(targets.map((t) => [t, []]));
  const urls = Object.fromEntries(targets.map((t) => [t, `${urlOf(s, t)}/v1/chat/completions`]));
  for (let r = 0; r < plan.rounds; r++) {
    const cpu0 = Object.fromEntries(targets.map((t) => [t, cpuOf(pidOf(s, t))]));
    const lat = await interleavedLatency(urls, plan.latencySamples, JSON_BODY, AUTH_HEADERS);
    for (const t of targets) {
      const cpu = cpuOf(pidOf(s, t)) - cpu0[t];
      out[t].push({ p50: percentile(lat[t], 50), p99: percentile(lat[t], 99), cpuUs: cpu / (lat[t].length + 1) });
    }
  }
  log(`latency c=1 (interleaved): ${targets.map((t) => `${t} ${(out[t][0].p50 * 1000).toFixed(0)}µs`).join(', ')}`);
  return out;
}

/**
 * Every target serves a few seconds of each load before anything is measured: V8 compiles a
 * process's hot code in background threads for its first seconds under load, and that CPU would
 * otherwise be billed to the first measured requests, the more so the more code a target runs
 * (ours far more than a yardstick script). A proxy serves for hours; what is measured is that.
 */
export async function warmUp(plan: Plan, s: Servers, targets: string[]): Promise<void> {
  for (const id of targets) {
    const json = async (): Promise<void> => {
      for (const connections of plan.connections)
        await jsonLoad({ url: `${urlOf(s, id)}/v1/chat/completions`, connections, durationS: plan.warmupS, body: JSON_BODY, headers: AUTH_HEADERS });
    };
    await json();
    await sseRun(sseRequest(urlOf(s, id), 0), 5);
    // The translated route too (it answers 404 on a target without it: nothing to warm). Every
    // build of our proxy gets it: warmed differently, V8 compiles their shared pass-through code
    // differently (the recording comparison read +13% between two identical proxies without usage,
    // issue 15; a BENCH_BASELINE copy of the same build read 7-13% less CPU at one connection than
    // `ours` when only `ours` had it).
    if (id.startsWith('ours') || id === 'baseline') await sseRun(anthropicRequest(urlOf(s, id), 0), 5);
    // Then small JSON again: the streams make V8 throw away code it had optimized for the JSON
    // path ("wrong map"; ~60 deoptimizations in our proxy, --trace-deopt), and without this the
    // first bursts measured after the warm-up paid for optimizing ~100 functions again
    // (--trace-opt: 40-50 per burst in the first pair, ~0-4 once this pass is there).
    await json();
  }
}

export async function runJson(plan: Plan, s: Servers, targets: string[], log: (m: string) => void): Promise<JsonResults> {
  const out: JsonResults = {};
  for (const c of plan.connections) {
    out[c] = Object.fromEntries(targets.map((t) => [t, [] as JsonSample[]]));
    for (let r = 0; r < plan.rounds; r++) {
      for (const id of rotate(targets, r)) {
        const pid = pidOf(s, id);
        const cpu0 = cpuOf(pid);
        const res = await jsonLoad({
          url: `${urlOf(s, id)}/v1/chat/completions`,
          connections: c,
          durationS: plan.jsonDurationS,
          body: JSON_BODY,
          headers: AUTH_HEADERS,
        });
        const cpu = cpuOf(pid) - cpu0;
        out[c][id].push({
          rps: res.rps,
          p50: res.p50,
          p99: res.p99,
          cpuUs: cpu / Math.max(1, res.requests - res.non2xx),
          requests: res.requests,
          errors: res.errors + res.non2xx,
        });
      }
    }
    log(`json c=${c}: ${targets.map((t) => `${t} ${Math.round(out[c][t][0].rps)}/s`).join(', ')}`);
  }
  return out;
}

// ---- SSE pass-through ---------------------------------------------------------------------------

export interface SseSample extends SseRunResult {
  /** Proxy CPU per chunk received, µs. */
  cpuPerChunkUs: number;
  /** Peak proxy RSS during the run, MB. */
  rssPeakMb: number;
}

/** key: "ttfb" (sequential, gap 0) or "<streams>x<gap>ms". */
export type SseResults = Record<string, Record<string, SseSample[]>>;

async function measureSse(s: Servers, id: string, run: () => Promise<SseRunResult>): Promise<SseSample> {
  const pid = pidOf(s, id);
  const sampler = pid === undefined ? undefined : rssSampler(pid);
  const cpu0 = cpuOf(pid);
  const r = await run();
  const cpu = cpuOf(pid) - cpu0;
  return { ...r, cpuPerChunkUs: cpu / Math.max(1, r.chunksTotal), rssPeakMb: sampler ? sampler.stop() : NaN };
}

export async function runSse(plan: Plan, s: Servers, targets: string[], log: (m: string) => void): Promise<SseResults> {
  const out: SseResults = {};
  const shapes: { key: string; heavy: boolean; run: (base: string) => Promise<SseRunResult> }[] = plan.sse.map((sh) => ({
    key: `${sh.streams}x${sh.gapMs}ms`,
    heavy: sh.streams > 50,
    run: (base: string) => sseRun(sseRequest(base, sh.gapMs), sh.streams),
  }));
  // Time to first byte: streams one after another, the targets interleaved stream by stream.
  out.ttfb = Object.fromEntries(targets.map((t) => [t, [] as SseSample[]]));
  for (let r = 0; r < plan.rounds; r++) {
    const cpu0 = Object.fromEntries(targets.map((t) => [t, cpuOf(pidOf(s, t))]));
    const res = await sseInterleaved(Object.fromEntries(targets.map((t) => [t, sseRequest(urlOf(s, t), 0)])), plan.ttfbStreams, plan.ttfbPauseMs);
    for (const t of targets) {
      const pid = pidOf(s, t);
      const cpu = cpuOf(pid) - cpu0[t];
      out.ttfb[t].push({ ...res[t], cpuPerChunkUs: cpu / Math.max(1, res[t].chunksTotal), rssPeakMb: pid === undefined ? NaN : rssMb(pid) });
    }
  }
  log(`sse ttfb (interleaved): ${targets.map((t) => `${t} ${out.ttfb[t][0].ttfbP50.toFixed(2)}ms`).join(', ')}`);
  for (const shape of shapes) {
    // Hundreds of streams load all of this machine's cores for seconds: one round, proxies only
    // (what they show is whether a proxy holds them, and at what memory).
    const ids = shape.heavy ? targets.filter((t) => t !== 'direct') : targets;
    const rounds = shape.heavy ? 1 : plan.rounds;
    out[shape.key] = Object.fromEntries(ids.map((t) => [t, [] as SseSample[]]));
    for (let r = 0; r < rounds; r++) {
      for (const id of rotate(ids, r)) {
        out[shape.key][id].push(await measureSse(s, id, () => shape.run(urlOf(s, id))));
      }
    }
    log(`sse ${shape.key}: ${ids.map((t) => `${t} ttfb ${out[shape.key][t][0].ttfbP50.toFixed(2)}ms chunks ${out[shape.key][t][0].chunksMin}`).join(', ')}`);
  }
  return out;
}

// ---- translated stream (Anthropic client, OpenAI upstream) ---------------------------------------

export interface TranslateResults {
  available: boolean;
  note: string;
  /** "pass-through" and "translated", each per round. */
  ttfb: Record<string, SseSample[]>;
  burst: Record<string, SseSample[]>;
}

export async function runTranslate(plan: Plan, s: Servers, log: (m: string) => void): Promise<TranslateResults> {
  const base = urlOf(s, 'ours');
  const result: TranslateResults = { available: false, note: '', ttfb: {}, burst: {} };
  const probe = await sseSequential(anthropicRequest(base, 0), 1);
  if (probe.ok === 0 || probe.chunksMin < SSE_CHUNKS) {
    const status = probe.errors[0] ?? `${probe.chunksMin} of ${SSE_CHUNKS} chunks`;
    result.note = /HTTP 404/.test(status) ? 'n/a (route not available)' : `n/a (translated stream failed: ${status})`;
    log(`translate: ${result.note}`);
    return result;
  }
  result.available = true;
  const kinds: Record<string, (gap: number) => SseRequest> = {
    'pass-through': (gap) => sseRequest(base, gap),
    translated: (gap) => anthropicRequest(base, gap),
  };
  for (const k of Object.keys(kinds)) {
    result.ttfb[k] = [];
    result.burst[k] = [];
  }
  for (let r = 0; r < plan.rounds; r++) {
    for (const k of rotate(Object.keys(kinds), r)) {
      result.ttfb[k].push(await measureSse(s, 'ours', () => sseSequential(kinds[k](0), plan.ttfbStreams)));
      result.burst[k].push(await measureSse(s, 'ours', () => sseRun(kinds[k](0), plan.translateStreams)));
    }
  }
  log(
    `translate: cpu/chunk pass-through ${result.burst['pass-through'][0].cpuPerChunkUs.toFixed(1)} µs, translated ${result.burst.translated[0].cpuPerChunkUs.toFixed(1)} µs`,
  );
  return result;
}

// ---- start-up and idle memory ------------------------------------------------------------------

export interface StartupSample {
  startupMs: number;
  idleRssMb: number;
}

export async function runStartup(plan: Plan, ctx: StartContext, targets: string[], log: (m: string) => void): Promise<Record<string, StartupSample[]>> {
  const out: Record<string, StartupSample[]> = Object.fromEntries(targets.map((t) => [t, [] as StartupSample[]]));
  const startCtx = { ...ctx, profileDir: undefined };
  for (let r = 0; r < plan.startupRepeats; r++) {
    for (const id of rotate(targets, r)) {
      const p = await startTarget(id, startCtx);
      await new Promise((res) => setTimeout(res, 500));
      out[id].push({ startupMs: p.startupMs, idleRssMb: rssMb(p.pid) });
      await p.stop();
    }
  }
  log(`startup: ${targets.map((t) => `${t} ${Math.round(out[t][0].startupMs)}ms ${out[t][0].idleRssMb.toFixed(0)}MB`).join(', ')}`);
  return out;
}
