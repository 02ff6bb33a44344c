// How long and how much to measure. The full plan finishes in about ten minutes on 2 cores;
// BENCH_QUICK=1 is a smoke run of well under a minute. Every knob can be overridden from the
// environment (README "Performance").
import fs from 'node:fs';
import path from 'node:path';

export interface SseShape {
  streams: number;
  gapMs: number;
}

export interface Plan {
  quick: boolean;
  rounds: number;
  jsonDurationS: number;
  warmupS: number;
  connections: number[];
  /** Requests per target per round in the interleaved one-connection latency probe. */
  latencySamples: number;
  /** Streams run one after another (gap 0) for time to first byte without queueing. */
  ttfbStreams: number;
  /** Idle time before each of those streams, ms. */
  ttfbPauseMs: number;
  sse: SseShape[];
  /** Concurrent gap-0 streams for CPU per chunk: pass-through vs translated. */
  translateStreams: number;
  /** Usage recording on vs off (bench/lib/recording.ts): alternating pairs of bursts. */
  recordingPairs: number;
  /** Switched processes the recording verdict is the mean of (each its own pairs). */
  recordingProcesses: number;
  recordingBurstS: number;
  recordingConnections: number;
  /** Ours vs the fastest pipe at each connection count (bench/lib/cpuPairs.ts): alternating pairs of bursts. */
  cpuPairs: number;
  cpuPairsBurstS: number;
  startupRepeats: number;
  targets: string[];
  /** Another build of the proxy (its dist/cli.js), measured as target `baseline` next to ours: A/B in one run. */
  baselineCli?: string;
  /** The scenarios to run (all by default). */
  scenarios: Scenario[];
  outDir: string;
  outName: string;
  profile: boolean;
  /**
   * Whether this run's judged numbers go into <outDir>/history.jsonl and the targets are judged
   * over the last runs there too (bench/lib/history.ts): full runs only, every scenario and target,
   * not profiled (the profiler's own CPU would count); BENCH_HISTORY=0 leaves the history alone.
   */
  history: boolean;
  /** How many of the last runs the over-runs verdicts take (BENCH_HISTORY_RUNS). */
  historyRuns: number;
}

/** How many of the last full runs the over-runs verdicts take by default (bench/lib/history.ts). */
export const DEFAULT_HISTORY_RUNS = 10;

export const ALL_TARGETS = ['direct', 'pipe', 'ours', 'ours-auth-off', 'ours-no-usage', 'ours-toggle', 'express-hpm', 'express-node-fetch', 'undici'];

export const SCENARIOS = ['json', 'latency', 'sse', 'translate', 'recording', 'cpu-pairs', 'startup'] as const;
export type Scenario = (typeof SCENARIOS)[number];

type Env = Record<string, string | undefined>;

/** A positive number from the environment, or `fallback` when unset. */
export function num(env: Env, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
}

/** A comma-separated list of positive numbers from the environment, or `fallback` when unset. */
export function list(env: Env, name: string, fallback: number[]): number[] {
  const v = env[name];
  return v
    ? v
        .split(',')
        .map((s) => Number(s.trim()))
        .filter((n) => Number.isFinite(n) && n > 0)
    : fallback;
}

export function planFromEnv(env: Env, rootDir: string): Plan {
  const quick = env.BENCH_QUICK === '1';
  const targets = env.BENCH_TARGETS
    ? env.BENCH_TARGETS.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [...ALL_TARGETS];
  for (const t of targets) if (!ALL_TARGETS.includes(t)) throw new Error(`BENCH_TARGETS: unknown target "${t}" (known: ${ALL_TARGETS.join(', ')})`);
  const baselineCli = env.BENCH_BASELINE ? path.resolve(env.BENCH_BASELINE) : undefined;
  if (baselineCli) {
    if (!fs.existsSync(baselineCli)) throw new Error(`BENCH_BASELINE: ${baselineCli} does not exist (a built dist/cli.js)`);
    targets.splice(targets.indexOf('ours') + 1, 0, 'baseline');
  }
  const scenarios = env.BENCH_SCENARIOS
    ? env.BENCH_SCENARIOS.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [...SCENARIOS];
  for (const sc of scenarios)
    if (!(SCENARIOS as readonly string[]).includes(sc)) throw new Error(`BENCH_SCENARIOS: unknown scenario "${sc}" (known: ${SCENARIOS.join(', ')})`);
  // Ratios need the yardsticks: the upstream reached directly and the bare pipe are always measured.
  for (const t of ['pipe', 'direct']) if (!targets.includes(t)) targets.unshift(t);
  const sseStreams = list(env, 'BENCH_SSE_STREAMS', quick ? [1, 10, 50] : [1, 10, 500]);
  return {
    quick,
    rounds: num(env, 'BENCH_ROUNDS', quick ? 1 : 5),
    jsonDurationS: num(env, 'BENCH_DURATION', quick ? 0.4 : 1),
    warmupS: num(env, 'BENCH_WARMUP', quick ? 0.2 : 1),
    connections: list(env, 'BENCH_CONNECTIONS', quick ? [1, 10] : [1, 10, 50]),
    latencySamples: num(env, 'BENCH_LATENCY_SAMPLES', quick ? 50 : 400),
    ttfbStreams: num(env, 'BENCH_TTFB_STREAMS', quick ? 10 : 60),
    ttfbPauseMs: num(env, 'BENCH_TTFB_PAUSE_MS', 5),
    sse: sseStreams.map((streams) => ({ streams, gapMs: 5 })),
    translateStreams: num(env, 'BENCH_TRANSLATE_STREAMS', quick ? 10 : 100),
    recordingPairs: num(env, 'BENCH_RECORDING_PAIRS', quick ? 4 : 20),
    recordingProcesses: num(env, 'BENCH_RECORDING_PROCESSES', quick ? 1 : 3),
    recordingBurstS: num(env, 'BENCH_RECORDING_BURST', quick ? 0.3 : 0.8),
    recordingConnections: num(env, 'BENCH_RECORDING_CONNECTIONS', 10),
    cpuPairs: num(env, 'BENCH_CPU_PAIRS', quick ? 4 : 30),
    cpuPairsBurstS: num(env, 'BENCH_CPU_PAIRS_BURST', quick ? 0.3 : 0.8),
    startupRepeats: num(env, 'BENCH_STARTUPS', quick ? 1 : 3),
    targets,
    baselineCli,
    scenarios: scenarios as Scenario[],
    outDir: env.BENCH_OUT_DIR || `${rootDir}/bench/results`,
    outName: env.BENCH_OUT_NAME || (quick ? 'quick' : 'latest'),
    profile: env.BENCH_PROFILE === '1',
    history:
      env.BENCH_HISTORY !== '0' &&
      !quick &&
      env.BENCH_PROFILE !== '1' &&
      SCENARIOS.every((sc) => scenarios.includes(sc)) &&
      ALL_TARGETS.every((t) => targets.includes(t)),
    historyRuns: num(env, 'BENCH_HISTORY_RUNS', DEFAULT_HISTORY_RUNS),
  };
}
