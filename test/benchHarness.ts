// The benchmark harness (bench/run.ts) run by a test as `npm run bench` runs it, in a child process
// against the built proxy (dist/cli.js), with the test's knobs only (any BENCH_* of the caller's
// shell left out) and its results written to a temporary directory the test removes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

const root = path.resolve(__dirname, '..');

export interface BenchRun {
  /** Where the harness wrote (BENCH_OUT_DIR). */
  out: string;
  /** Its report, <out>/<name>.json (the shape bench/run.ts writes). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  report: any;
  /** Its Markdown report, <out>/<name>.md. */
  markdown: string;
}

/** Runs the harness with `knobs`; `before` may put files into the output directory first. Fails unless it exits 0. */
export async function runBench(t: TestContext, name: string, knobs: Record<string, string>, before?: (out: string) => void): Promise<BenchRun> {
  assert.ok(fs.existsSync(path.join(root, 'dist/cli.js')), 'dist/cli.js is built (npm test builds first)');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `agp-bench-${name}-`));
  t.after(() => fs.rmSync(out, { recursive: true, force: true }));
  before?.(out);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BENCH_')) env[k] = v;
  Object.assign(env, knobs, { BENCH_OUT_DIR: out, BENCH_OUT_NAME: name });
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/run.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdout.resume();
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, `bench exited with ${code}: ${stderr.slice(-2000)}`);
  return {
    out,
    report: JSON.parse(fs.readFileSync(path.join(out, `${name}.json`), 'utf8')),
    markdown: fs.readFileSync(path.join(out, `${name}.md`), 'utf8'),
  };
}
