// What keeping usage statistics costs (issue 15: "recording costs the hot path next to nothing",
// target under 5% proxy CPU per pass-through request). The same proxy runs twice, with its usage
// store ("ours") and without (ANTIGRAVITY_USAGE=off, "ours-no-usage"), and takes the same small
// JSON load in short bursts, alternating between the two pair after pair (A/B, then B/A): this
// shared machine's load drifts over seconds, and comparing the two halves of each pair cancels
// most of it. The cost is the mean of the pairs' ratios with the 10% most extreme at either end
// left out (one burst that met another job's spike is not the proxy's cost); the store's writes
// (every 2 s) fall in a quarter to a half of the bursts and stay in the mean.
import { jsonLoad } from './load';
import type { ServerProc } from './procs';
import { cpuMicros } from './procs';
import type { Plan } from './plan';
import { PROXY_KEY } from './targets';
import { median, sortNumbers } from './stats';
import type { Verdict } from './verdicts';

const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${PROXY_KEY}` };
const BODY = JSON.stringify({ model: 'bench-json', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 16 });

export interface RecordingResult {
  pairs: number;
  connections: number;
  /** CPU µs per request, summed over every burst, recording on and off. */
  cpuOnUs: number;
  cpuOffUs: number;
  /** on / off: the trimmed mean of the pairs' ratios, and their median. */
  ratio: number;
  medianRatio: number;
  requestsOn: number;
  requestsOff: number;
}

export async function runRecording(plan: Plan, on: ServerProc, off: ServerProc, log: (m: string) => void): Promise<RecordingResult> {
  const totals = { on: { cpu: 0, n: 0 }, off: { cpu: 0, n: 0 } };
  /** CPU µs per request of one burst. */
  const burst = async (which: 'on' | 'off'): Promise<number> => {
    const p = which === 'on' ? on : off;
    const cpu0 = cpuMicros(p.pid);
    const r = await jsonLoad({
      url: `${p.url}/v1/chat/completions`,
      connections: plan.recordingConnections,
      durationS: plan.recordingBurstS,
      body: BODY,
      headers: HEADERS,
    });
    const cpu = cpuMicros(p.pid) - cpu0;
    const n = Math.max(1, r.requests - r.non2xx);
    totals[which].cpu += cpu;
    totals[which].n += n;
    return cpu / n;
  };
  const ratios: number[] = [];
  for (let i = 0; i < plan.recordingPairs; i++) {
    const order = i % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
    const [a, b] = [await burst(order[0]), await burst(order[1])];
    ratios.push(order[0] === 'on' ? a / b : b / a);
  }
  const sorted = sortNumbers(ratios);
  const cut = Math.floor(sorted.length * 0.1);
  const kept = sorted.slice(cut, sorted.length - cut);
  const ratio = kept.reduce((s, v) => s + v, 0) / kept.length;
  const cpuOnUs = totals.on.cpu / totals.on.n;
  const cpuOffUs = totals.off.cpu / totals.off.n;
  log(
    `usage recording: +${((ratio - 1) * 100).toFixed(1)}% CPU per request (${cpuOnUs.toFixed(1)} vs ${cpuOffUs.toFixed(1)} µs) over ${plan.recordingPairs} pairs`,
  );
  return {
    pairs: plan.recordingPairs,
    connections: plan.recordingConnections,
    cpuOnUs,
    cpuOffUs,
    ratio,
    medianRatio: median(ratios),
    requestsOn: totals.on.n,
    requestsOff: totals.off.n,
  };
}

const pct = (r: number): string => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)}%`;

/** Issue 15's target, judged on the trimmed mean of the pairs. */
export function recordingVerdict(rec: RecordingResult): Verdict {
  return {
    target: 'Usage recording adds under 5% proxy CPU per pass-through request (issue 15)',
    result: rec.ratio < 1.05 ? 'PASS' : 'MISS',
    measured: `${pct(rec.ratio)} (trimmed mean of ${rec.pairs} alternating pairs of bursts at c=${rec.connections}; median pair ${pct(rec.medianRatio)}; ${rec.cpuOnUs.toFixed(1)} vs ${rec.cpuOffUs.toFixed(1)} µs/request over all ${rec.requestsOn + rec.requestsOff} requests)`,
  };
}
