// What keeping usage statistics costs (issue 15: "recording costs the hot path next to nothing",
// target under 5% proxy CPU per pass-through request). Small JSON load in short bursts at c=10,
// alternating between recording on and off pair after pair (A/B, then B/A): this shared machine's
// load drifts over seconds, and comparing the two halves of each pair cancels most of it
// (pairs.ts: the trimmed mean of the pairs' ratios); the store's writes (every 2 s) fall in a
// quarter to a half of the bursts and stay in the mean.
//
// Each comparison is measured in ONE process (target `ours-toggle`: the CLI with its recording
// switched off and on between bursts, bench/servers/ours-toggle.ts). Two processes differ by
// themselves: V8 compiles each one's hot code a little differently, and two identical proxies
// without usage read +15% apart in this comparison (bench/README.md). For the same reason one
// switched process's reading is one draw: over 28 processes it varied with a standard deviation of
// ~4 points, twice what its own interval allows for. So the verdict is the mean over several
// processes (BENCH_RECORDING_PROCESSES, 3), each started and warmed up alike and switched on and
// off over its own pairs, with a 95% interval from the spread between them (Student's t). The same
// comparison between the two processes `ours` and `ours-no-usage` (ANTIGRAVITY_USAGE=off) is still
// run and reported, for what it is worth.
import type { ServerProc } from './procs';
import type { Plan } from './plan';
import { comparePairs, jsonBurst, type Burst } from './pairs';
import { warmUp } from './scenarios';
import { jsonLoad, type JsonLoadResult } from './load';
import { AUTH_HEADERS, JSON_BODY, cleanupTmp, startTarget, startUpstream, type StartContext } from './targets';
import { RECORDING_LIMIT, RECORDING_TARGET, type Verdict } from './verdicts';
import { meanInterval, median, pct } from './stats';
import type { ToggleState } from './toggleStates';

export interface Comparison {
  pairs: number;
  connections: number;
  /** CPU µs per request, summed over every burst, recording on and off. */
  cpuOnUs: number;
  cpuOffUs: number;
  /** on / off: the trimmed mean of the pairs' ratios, and their median. */
  ratio: number;
  medianRatio: number;
  /** Half the width of the trimmed mean's 95% confidence interval (1.96 standard errors of the kept pairs). */
  ci95: number;
  requestsOn: number;
  requestsOff: number;
}

export interface RecordingResult extends Comparison {
  /** Each switched process's own comparison; the fields above pool them (poolProcesses). */
  processes: Comparison[];
  /** The same comparison between two processes (ours, ours-no-usage), when both ran. */
  twoProcesses?: Comparison;
}

/**
 * The verdict over several processes: the mean of their ratios (each a trimmed mean of its pairs),
 * with a 95% interval from the spread between them (t with n-1 degrees of freedom); CPU and request
 * counts summed. One process: its own comparison, its own interval.
 */
export function poolProcesses(processes: readonly Comparison[]): Comparison {
  if (processes.length === 0) throw new Error('no process to pool');
  if (processes.length === 1) return { ...processes[0] };
  const ratios = processes.map((c) => c.ratio);
  const { mean, ci95 } = meanInterval(ratios);
  const sum = (k: 'requestsOn' | 'requestsOff' | 'pairs'): number => processes.reduce((a, c) => a + c[k], 0);
  const requestsOn = sum('requestsOn');
  const requestsOff = sum('requestsOff');
  return {
    pairs: sum('pairs'),
    connections: processes[0].connections,
    cpuOnUs: processes.reduce((a, c) => a + c.cpuOnUs * c.requestsOn, 0) / requestsOn,
    cpuOffUs: processes.reduce((a, c) => a + c.cpuOffUs * c.requestsOff, 0) / requestsOff,
    ratio: mean,
    medianRatio: median(ratios),
    ci95,
    requestsOn,
    requestsOff,
  };
}

/** Switches an ours-toggle process's usage recording (bench/servers/ours-toggle.ts); it starts on. */
export async function switchRecording(proc: ServerProc, state: ToggleState): Promise<void> {
  const answer = await proc.command(state);
  if (answer !== 'ok') throw new Error(`ours-toggle: ${answer}`);
}

/**
 * One unmeasured burst with recording off, then one with it on, before a process's pairs: the
 * first bursts in a state the process has not served lately make V8 optimize that state's code
 * (recording's own functions after the warm-up's streams; the path without a scanner after a
 * warm-up with recording on): --trace-opt counted 40-50 optimizations per burst in the first pair
 * without it, which fell on both states and mostly on the first pairs.
 */
export async function settleRecording(plan: Plan, proc: ServerProc): Promise<void> {
  const o = { connections: plan.recordingConnections, durationS: Math.min(0.5, plan.recordingBurstS) };
  for (const state of ['off', 'on'] as const) await jsonBurst(proc, o, () => switchRecording(proc, state))();
}

/** Small JSON to a switched process for `durationS` s, at the recording comparison's connection count. */
export function loadToggle(plan: Plan, proc: ServerProc, durationS: number): Promise<JsonLoadResult> {
  return jsonLoad({ url: `${proc.url}/v1/chat/completions`, connections: plan.recordingConnections, durationS, body: JSON_BODY, headers: AUTH_HEADERS });
}

/**
 * `pairs` pairs in the verdict's order (on then off, then off then on, ...): the process is
 * switched to each state, then `burst` runs in it (bench:perf-split, bench:gc-split).
 */
export async function alternateStates(proc: ServerProc, pairs: number, burst: (state: 'on' | 'off') => Promise<void>): Promise<void> {
  for (let i = 0; i < pairs; i++) {
    for (const state of i % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      await switchRecording(proc, state);
      await burst(state);
    }
  }
}

/**
 * The fake upstream and one ours-toggle process (with `nodeArgs`), warmed up as the verdict's and
 * settled, for `use`; everything is stopped and cleaned up after it, whatever happens.
 */
export async function withSwitchedProcess<T>(plan: Plan, root: string, nodeArgs: string[], use: (toggle: ServerProc) => Promise<T>): Promise<T> {
  const started: ServerProc[] = [];
  const ctx: StartContext = { root, upstreamUrl: '', nodeArgs, tmpDirs: [] };
  try {
    const upstream = await startUpstream(root);
    started.push(upstream);
    ctx.upstreamUrl = upstream.url;
    const toggle = await startWarmToggle(plan, ctx, upstream);
    started.push(toggle);
    await settleRecording(plan, toggle);
    return await use(toggle);
  } finally {
    for (const p of started.reverse()) await p.stop();
    cleanupTmp(ctx);
  }
}

/** One more ours-toggle process, warmed up as the run's targets are (stopped again if that fails). */
export async function startWarmToggle(plan: Plan, ctx: StartContext, upstream: ServerProc): Promise<ServerProc> {
  const p = await startTarget('ours-toggle', ctx);
  try {
    await warmUp(plan, { upstream, byId: new Map([['ours-toggle', p]]) }, ['ours-toggle']);
  } catch (e) {
    await p.stop();
    throw e;
  }
  return p;
}

function burstOn(plan: Plan, proc: ServerProc, before?: () => Promise<unknown>): Burst {
  return jsonBurst(proc, { connections: plan.recordingConnections, durationS: plan.recordingBurstS }, before);
}

async function compare(plan: Plan, pairs: number, on: Burst, off: Burst): Promise<Comparison> {
  const c = await comparePairs(pairs, [on], [off]);
  return {
    pairs,
    connections: plan.recordingConnections,
    cpuOnUs: c.cpuAUs,
    cpuOffUs: c.cpuBUs,
    ratio: c.ratio,
    medianRatio: c.medianRatio,
    ci95: c.ci95,
    requestsOn: c.requestsA,
    requestsOff: c.requestsB,
  };
}

/** A ratio's uncertainty in percentage points. */
const pp = (d: number): string => `${(d * 100).toFixed(1)}%`;

/**
 * `toggle`: the ours-toggle process the run started and warmed up; `another`: starts and warms up
 * one more (stopped here after its pairs), for plan.recordingProcesses in all; `on`/`off`: the
 * two-process comparison, when both run.
 */
export async function runRecording(
  plan: Plan,
  toggle: ServerProc,
  two: { on: ServerProc; off: ServerProc } | undefined,
  log: (m: string) => void,
  another?: () => Promise<ServerProc>,
): Promise<RecordingResult> {
  const processes: Comparison[] = [];
  for (let k = 0; k < Math.max(1, plan.recordingProcesses); k++) {
    const proc = k === 0 ? toggle : await another?.();
    if (!proc) break;
    try {
      await settleRecording(plan, proc);
      const c = await compare(
        plan,
        plan.recordingPairs,
        burstOn(plan, proc, () => switchRecording(proc, 'on')),
        burstOn(plan, proc, () => switchRecording(proc, 'off')),
      );
      processes.push(c);
      log(
        `usage recording, process ${k + 1}: ${pct(c.ratio)} ± ${pp(c.ci95)} CPU per request (${c.cpuOnUs.toFixed(1)} vs ${c.cpuOffUs.toFixed(1)} µs) over ${c.pairs} pairs`,
      );
    } finally {
      if (k > 0) await proc.stop();
    }
  }
  const one = poolProcesses(processes);
  if (processes.length > 1) log(`usage recording, ${processes.length} processes: ${pct(one.ratio)} ± ${pp(one.ci95)}`);
  let twoProcesses: Comparison | undefined;
  if (two) {
    // Fewer pairs: it decides nothing.
    twoProcesses = await compare(plan, Math.max(2, Math.round(plan.recordingPairs / 2)), burstOn(plan, two.on), burstOn(plan, two.off));
    log(`usage recording, two processes: ${pct(twoProcesses.ratio)} (${twoProcesses.cpuOnUs.toFixed(1)} vs ${twoProcesses.cpuOffUs.toFixed(1)} µs)`);
  }
  return { ...one, processes, twoProcesses };
}

/** Issue 15's target, judged on the mean over the switched processes (one: its trimmed mean of pairs). */
export function recordingVerdict(rec: RecordingResult): Verdict {
  const two = rec.twoProcesses ? `; between two processes ${pct(rec.twoProcesses.ratio)}, see the table` : '';
  const n = rec.processes.length;
  const how =
    n > 1
      ? `mean of ${n} processes, each switched on and off over ${rec.processes[0].pairs} alternating pairs of bursts at c=${rec.connections} (${rec.processes.map((c) => pct(c.ratio)).join(', ')}), interval from the spread between them`
      : `one process switched on and off: trimmed mean of ${rec.pairs} alternating pairs of bursts at c=${rec.connections}; median pair ${pct(rec.medianRatio)}`;
  return {
    target: RECORDING_TARGET,
    result: rec.ratio < RECORDING_LIMIT ? 'PASS' : 'MISS',
    measured: `${pct(rec.ratio)} ± ${pp(rec.ci95)} (95% confidence; ${how}; ${rec.cpuOnUs.toFixed(1)} vs ${rec.cpuOffUs.toFixed(1)} µs/request over ${rec.requestsOn + rec.requestsOff} requests${two})`,
  };
}
