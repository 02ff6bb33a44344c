// `npm run bench`: the fake upstream, our proxy as shipped (dist/cli.js) and the reference proxies,
// each in its own process on loopback, loaded from this process. Writes bench/results/<name>.md
// and .json and prints the verdicts of issues 8 and 11's targets. Knobs: bench/lib/plan.ts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planFromEnv, type Scenario } from './lib/plan';
import { machineTimes, runAsCommand, stealShare, type ServerProc } from './lib/procs';
import { jsonRows, latencyRows, markdown, sseRows, startupRows, translateRow, type Meta } from './lib/report';
import { verdicts } from './lib/verdicts';
import { runJson, runLatency, runSse, runStartup, runTranslate, warmUp, type Servers, type TranslateResults } from './lib/scenarios';
import { cleanupTmp, startTarget, startUpstream, type StartContext } from './lib/targets';
import { recordingVerdict, runRecording, startWarmToggle, type RecordingResult } from './lib/recording';
import { runCpuPairs } from './lib/cpuPairs';
import { appendRun, historyVerdicts, readHistory, runRecord } from './lib/history';

const root = path.resolve(__dirname, '..');

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export async function main(): Promise<number> {
  const t0 = performance.now();
  const plan = planFromEnv(process.env, root);
  const log = (m: string): void => {
    process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0)}s] ${m}\n`);
  };
  if (!fs.existsSync(path.join(root, 'dist/cli.js'))) {
    process.stderr.write('bench: dist/cli.js is missing: run `npm run build` first (npm run bench does)\n');
    return 2;
  }
  const loadAvg = os.loadavg();
  const times0 = machineTimes();
  const profileDir = plan.profile ? path.join(plan.outDir, 'profiles') : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const started: ServerProc[] = [];
  let ctx: StartContext | undefined;
  try {
    const upstream = await startUpstream(root);
    started.push(upstream);
    ctx = { root, upstreamUrl: upstream.url, profileDir, baselineCli: plan.baselineCli, tmpDirs: [] };
    const byId = new Map<string, ServerProc>();
    const proxyIds = plan.targets.filter((t) => t !== 'direct');
    for (const id of proxyIds) {
      const p = await startTarget(id, ctx);
      started.push(p);
      byId.set(id, p);
    }
    const servers: Servers = { upstream, byId };
    log(`plan: ${plan.quick ? 'quick' : 'full'}, ${plan.rounds} rounds, targets ${plan.targets.join(', ')}, scenarios ${plan.scenarios.join(', ')}`);
    const runs = (s: Scenario): boolean => plan.scenarios.includes(s);

    await warmUp(plan, servers, plan.targets);
    // The proxy without its usage store and the switchable one serve only the recording comparison below.
    const loadTargets = plan.targets.filter((t) => t !== 'ours-no-usage' && t !== 'ours-toggle');
    const json = runs('json') ? await runJson(plan, servers, loadTargets, log) : {};
    const latency = runs('latency') ? await runLatency(plan, servers, loadTargets, log) : {};
    const sseTargets = loadTargets.filter((t) => t !== 'ours-auth-off');
    const sse = runs('sse') ? await runSse(plan, servers, sseTargets, log) : {};
    let translate: TranslateResults | undefined;
    if (byId.has('ours') && runs('translate')) translate = await runTranslate(plan, servers, log);
    let recording: RecordingResult | undefined;
    const on = byId.get('ours');
    const off = byId.get('ours-no-usage');
    const toggle = byId.get('ours-toggle');
    // More switched processes for the recording verdict, started and warmed up as the first one was
    // (runRecording stops each after its pairs).
    const anotherToggle = (): Promise<ServerProc> => startWarmToggle(plan, ctx!, upstream);
    if (toggle && runs('recording')) recording = await runRecording(plan, toggle, on && off ? { on, off } : undefined, log, anotherToggle);
    // Issue 11's CPU verdict: ours against the fastest pipe of the rounds above, in pairs of bursts.
    const cpuPairs = runs('cpu-pairs') ? await runCpuPairs(plan, servers, json, log) : [];

    // Stop the loaded proxies (SIGTERM: --cpu-prof writes its profile on the way out).
    for (const p of started.splice(1)) await p.stop();
    const startup = runs('startup') ? await runStartup(plan, ctx, proxyIds, log) : {};

    const jr = jsonRows(json);
    const lr = latencyRows(latency);
    const sr = sseRows(sse);
    const tr = translateRow(translate);
    const st = startupRows(startup);
    const v = [...verdicts(json, lr, sr, tr, latency, sse, cpuPairs), ...(recording ? [recordingVerdict(recording)] : [])];
    const meta: Meta = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAvg,
      stealPct: stealShare(times0, machineTimes()) * 100,
      commit: commit(),
      elapsedS: (performance.now() - t0) / 1000,
      plan: { ...plan, outDir: undefined },
    };
    fs.mkdirSync(plan.outDir, { recursive: true });
    // Issue 11: the spread over runs, not one lucky run. A full run adds its numbers to the history
    // and is judged over the last runs there too.
    const run = plan.history ? runRecord(meta, cpuPairs, v, recording) : undefined;
    if (run) {
      const historyFile = path.join(plan.outDir, 'history.jsonl');
      const runs = [...readHistory(historyFile), run];
      appendRun(historyFile, run);
      v.push(...historyVerdicts(runs, plan.historyRuns, path.relative(root, historyFile)));
    }
    const md = markdown(meta, jr, lr, sr, tr, st, v, recording, cpuPairs);
    fs.writeFileSync(path.join(plan.outDir, `${plan.outName}.md`), md);
    fs.writeFileSync(
      path.join(plan.outDir, `${plan.outName}.json`),
      JSON.stringify(
        { meta, verdicts: v, json: jr, latency: lr, sse: sr, translate: tr, recording, cpuPairs, startup: st, raw: { json, latency, sse, translate, startup } },
        null,
        1,
      ) + '\n',
    );
    process.stdout.write(md);
    process.stdout.write('\nVerdicts:\n');
    for (const r of v) process.stdout.write(`  ${r.result.padEnd(4)}  ${r.target}: ${r.measured}\n`);
    process.stdout.write(`\nWrote ${path.relative(process.cwd(), path.join(plan.outDir, plan.outName))}.{md,json}\n`);
    return 0;
  } finally {
    for (const p of started) await p.stop();
    if (ctx) cleanupTmp(ctx);
  }
}

if (require.main === module) runAsCommand('bench', main);
