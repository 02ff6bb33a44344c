// `antigravity-proxy dashboard [--url URL] [--state-dir DIR] [--open]` (issue 15): the dashboard
// page of a running proxy, for CLI users. A browser cannot send the proxy's key, so this asks the
// proxy (with the key from the state dir) for a one-time login URL, valid for a minute, that trades
// itself for a session cookie, and prints it (or, with --open, also opens it in the browser: the
// command in $BROWSER, else the platform's opener).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { adminTarget, askAdmin } from './admin';

export interface DashboardIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Record<string, string | undefined>;
}

/** Where dashboard.js and dashboard.css are: next to dist/cli.js, or dist/ when run from the sources. */
export function dashboardAssets(): string | undefined {
  for (const dir of [__dirname, path.join(__dirname, '..', '..', 'dist')]) if (fs.existsSync(path.join(dir, 'dashboard.js'))) return dir;
  return undefined;
}

/** The browser: $BROWSER (a command), else xdg-open / open / start. */
function opener(url: string, env: Record<string, string | undefined>): [string, string[]] {
  if (env.BROWSER) return [env.BROWSER, [url]];
  if (process.platform === 'darwin') return ['open', [url]];
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url]];
  return ['xdg-open', [url]];
}

function openBrowser(url: string, env: Record<string, string | undefined>): Promise<string | undefined> {
  const [cmd, args] = opener(url, env);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, env: { ...process.env, ...env } });
    child.once('error', (e: NodeJS.ErrnoException) => resolve(`${cmd}: ${e.code ?? e.message}`));
    child.once('spawn', () => {
      child.unref();
      resolve(undefined);
    });
  });
}

export async function runDashboard(values: Record<string, string | boolean | undefined>, io: DashboardIo): Promise<number> {
  const t = adminTarget(values, io.env, 'dashboard');
  if (typeof t === 'string') {
    io.err(`antigravity-proxy: ${t}\n`);
    return 2;
  }
  const res = await askAdmin(t, '/_antigravity/dashboard/token', io.err, 'POST');
  if (!res) return 1;
  const { path: login, expiresInSeconds, sessionSeconds } = JSON.parse(res.text) as { path: string; expiresInSeconds: number; sessionSeconds: number };
  const url = new URL(login, t.base).toString();
  io.out(url + '\n');
  io.err(
    `Open this URL in a browser on this machine within ${expiresInSeconds} s; it works once, then the dashboard keeps a session for ${Math.round(sessionSeconds / 3600)} hours.\n`,
  );
  if (values.open) {
    const failed = await openBrowser(url, io.env);
    if (failed) io.err(`antigravity-proxy: could not open a browser (${failed}); open the URL above yourself.\n`);
  }
  return 0;
}
