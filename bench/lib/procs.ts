// Starting the measured servers, each in its own process, and reading their CPU time and memory
// from /proc (utime + stime in clock ticks, VmRSS), so nothing inside a server has to cooperate.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface ServerProc {
  name: string;
  pid: number;
  url: string;
  /** Spawn to the "Listening on" line, in ms. */
  startupMs: number;
  child: ChildProcess;
  stop(): Promise<void>;
  /** A server spawned with `ipc`: sends `m` and resolves with its answer. */
  command(m: string): Promise<string>;
}

const LISTENING = /Listening on (http:\/\/127\.0\.0\.1:\d+)/;

// Every server still running when the harness exits (error, Ctrl-C) is killed with it.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/**
 * Spawns `node args...` and waits for its "Listening on http://127.0.0.1:PORT" line on stdout.
 * With `ipc`, the server also takes commands (ServerProc.command; bench/servers/ours-toggle.ts).
 */
export function spawnServer(name: string, args: string[], env: Record<string, string> = {}, timeoutMs = 20_000, ipc = false): Promise<ServerProc> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    if (stderr.length < 4000) stderr += c.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs} ms: ${stderr.trim()}`));
    }, timeoutMs);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before listening: ${stderr.trim()}`));
    };
    child.once('exit', onExit);
    child.stdout?.on('data', function onData(c: Buffer) {
      out += c.toString('utf8');
      const m = LISTENING.exec(out);
      if (!m) return;
      const startupMs = performance.now() - t0;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve({ name, pid: child.pid ?? 0, url: m[1], startupMs, child, stop: () => stopChild(child), command: (m) => command(child, name, m) });
    });
  });
}

/**
 * Runs a harness's `main` as the command it is (bench/run.ts, bench/ab.ts): its exit code, or 1
 * with the error under `name`. Ctrl-C or a kill exits through process.exit, so every server it
 * started is killed with it (above).
 */
export function runAsCommand(name: string, main: () => Promise<number>): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`${name}: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}

function command(child: ChildProcess, name: string, m: string): Promise<string> {
  if (!child.send) return Promise.reject(new Error(`${name} takes no commands (spawned without ipc)`));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not answer "${m}" within 5 s`)), 5000);
    child.once('message', (answer) => {
      clearTimeout(timer);
      resolve(String(answer));
    });
    child.send(m);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

let tck = 0;
function clockTicks(): number {
  if (!tck) {
    try {
      tck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      tck = 100;
    }
  }
  return tck;
}

/**
 * CPU time (user + system) a process has used so far, in µs. utime + stime from /proc/<pid>/stat
 * count in clock ticks (10 ms); where the kernel exposes schedstat, the same run time per thread at
 * ns resolution is summed instead, so short runs measure as precisely as long ones.
 */
export function cpuMicros(pid: number): number {
  try {
    let ns = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    }
    if (Number.isFinite(ns) && ns > 0) return ns / 1000;
  } catch {
    /* no schedstat: use the tick counts */
  }
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(rest[11]) + Number(rest[12]);
  return (ticks * 1e6) / clockTicks();
}

/** The whole machine's CPU time so far from /proc/stat, in clock ticks: all of it, and the part the host took (steal). */
export interface MachineTimes {
  total: number;
  steal: number;
}

export function machineTimes(): MachineTimes {
  try {
    // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: f.reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
  } catch {
    return { total: NaN, steal: NaN };
  }
}

/**
 * The share of the machine's CPU time the host (hypervisor) took from this virtual machine
 * between two readings, 0-1: a vCPU that is taken away mid-burst makes every number of that
 * burst meaningless, so reports print it next to their results (NaN where /proc/stat is missing).
 */
export function stealShare(a: MachineTimes, b: MachineTimes): number {
  const total = b.total - a.total;
  return total > 0 ? (b.steal - a.steal) / total : NaN;
}

/** Resident set size in MB. */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Samples RSS every `everyMs` until stopped; returns the peak in MB. */
export function rssSampler(pid: number, everyMs = 50): { stop(): number } {
  let peak = rssMb(pid);
  const t = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      /* process gone */
    }
  }, everyMs);
  return {
    stop: () => {
      clearInterval(t);
      try {
        peak = Math.max(peak, rssMb(pid));
      } catch {
        /* process gone */
      }
      return peak;
    },
  };
}
