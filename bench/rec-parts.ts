// `npm run bench:rec-parts`: what each part of the usage recording costs, with the verdict's
// measure (CPU per pass-through request from /proc, small JSON at c=10). Each of several fresh
// switched processes (bench/servers/ours-toggle.ts, warmed up as the verdict's) serves short bursts
// in every state in turn, round after round: recording off, recording as shipped (`on`), recording
// whose store never sees a record (`on:no-store`: the answer scanned, its record made and emitted),
// recording without the token scan (`on:no-scan`). Each state's CPU per request is divided by
// off's in the same round; a process's reading is the trimmed mean of its rounds, and the result
// the mean over processes with a 95% interval from their spread (bench/lib/recParts.ts). One
// process's reading varies by ~4-6 points from process to process: a part worth under ~2 points
// needs more processes than the default to show.
// Knobs: BENCH_PARTS_PROCESSES (4), BENCH_PARTS_ROUNDS (16), BENCH_PARTS_BURST (s, 0.8),
// BENCH_PARTS_STATES (on,on:no-store,on:no-scan).
import path from 'node:path';
import { jsonBurst } from './lib/pairs';
import { num, planFromEnv } from './lib/plan';
import { runAsCommand } from './lib/procs';
import { partReadings, partsReport, roundOrder } from './lib/recParts';
import { switchRecording, withSwitchedProcess } from './lib/recording';
import { pct } from './lib/stats';
import { TOGGLE_STATES, type ToggleState } from './lib/toggleStates';

const root = path.resolve(__dirname, '..');

function statesFromEnv(v: string | undefined): ToggleState[] {
  const states = (v || 'on,on:no-store,on:no-scan').split(',').map((s) => s.trim());
  for (const s of states) {
    if (!(TOGGLE_STATES as readonly string[]).includes(s) || s === 'off')
      throw new Error(`BENCH_PARTS_STATES: ${JSON.stringify(s)} is not one of ${TOGGLE_STATES.filter((t) => t !== 'off').join(', ')}`);
  }
  return states as ToggleState[];
}

export async function main(): Promise<number> {
  const env = process.env;
  const processes = num(env, 'BENCH_PARTS_PROCESSES', 4);
  const rounds = num(env, 'BENCH_PARTS_ROUNDS', 16);
  const burstS = num(env, 'BENCH_PARTS_BURST', 0.8);
  const states = statesFromEnv(env.BENCH_PARTS_STATES);
  const plan = planFromEnv({ ...env, BENCH_SCENARIOS: 'json' }, root);
  const o = { connections: plan.recordingConnections, durationS: burstS };
  process.stdout.write(
    `usage recording taken apart: ${processes} processes, ${rounds} rounds of ${burstS} s bursts at c=${o.connections} in ${['off', ...states].join(', ')}\n`,
  );
  const ratios: Array<Partial<Record<ToggleState, number[]>>> = [];
  for (let p = 0; p < processes; p++) {
    const mine: Partial<Record<ToggleState, number[]>> = {};
    await withSwitchedProcess(plan, root, [], async (toggle) => {
      // One unmeasured burst in each state first: V8 optimizes each state's code when it first runs.
      for (const s of states) await jsonBurst(toggle, o, () => switchRecording(toggle, s))();
      for (let round = 0; round < rounds; round++) {
        const cpu: Partial<Record<ToggleState, number>> = {};
        for (const s of roundOrder(states, round)) {
          const b = await jsonBurst(toggle, o, () => switchRecording(toggle, s))();
          cpu[s] = b.cpu / b.n;
        }
        for (const s of states) (mine[s] ??= []).push(cpu[s]! / cpu.off!);
      }
    });
    ratios.push(mine);
    const so = partReadings(states, [mine]);
    process.stdout.write(`process ${p + 1}: ${so.map((r) => `${r.state} ${pct(r.mean)}`).join(', ')}\n`);
  }
  process.stdout.write(partsReport(partReadings(states, ratios)) + '\n');
  return 0;
}

if (require.main === module) runAsCommand('bench:rec-parts', main);
