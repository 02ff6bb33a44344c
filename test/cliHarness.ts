// Runs the built CLI (dist/cli.js) as a child process, as a user would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

export const ROOT = path.resolve(__dirname, '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

/** Builds dist/cli.js if a test run starts without it (npm test builds first). */
export function ensureBuilt(): void {
  if (!fs.existsSync(CLI)) {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('build failed');
  }
}

export function tempDir(t: TestContext, prefix = 'agp-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

/** A clean environment: no provider keys from the machine leak into a test. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
  return env;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the CLI without blocking this process's event loop (runCli would: a fake upstream served
 * by this process could not answer the CLI's requests meanwhile). Killed after timeoutMs.
 */
export function runCliAsync(
  args: string[],
  env: NodeJS.ProcessEnv = cleanEnv(),
  timeoutMs = 30_000,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c) => (stdout += c));
    child.stderr!.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

export interface RunningCli {
  child: ChildProcess;
  url: string;
  port: number;
  line: string;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `antigravity-proxy start ...` and waits for its "Listening on" line (bounded). */
export function startCli(t: TestContext, args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<RunningCli> {
  const child = spawn(process.execPath, [CLI, 'start', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "Listening on" line within 15 s; stderr: ${err}`)), 15_000);
    const early = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening; stderr: ${err}`));
    };
    child.once('exit', early);
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /Listening on (http:\/\/127\.0\.0\.1:(\d+)).*\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.off('exit', early);
        resolve({
          child,
          url: m[1],
          port: Number(m[2]),
          line: m[0].trim(),
          stderr: () => err,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
  });
}

/** Polls `check` until it returns true or the bounded wait ends; returns the last result. */
export async function waitFor(check: () => boolean, timeoutMs = 5000, stepMs = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return check();
}
