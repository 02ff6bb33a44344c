// Asking a running proxy's admin endpoints (/_antigravity/...) from the CLI: `status`, `usage` and
// `dashboard`. They answer loopback peers with the proxy's key only, so the key (read from the
// state dir, never created here) goes only to a proxy on this machine. node:http rather than
// fetch: fetch refuses some ports outright (the Fetch standard's "bad ports").
import fs from 'node:fs';
import http from 'node:http';
import { isLoopbackHost, parsePort } from '../proxy';
import { loadConfig } from './configFile';
import { FileKeyStore, resolveStateDir } from './state';

export interface AdminAnswer {
  status: number;
  text: string;
}

export interface AdminTarget {
  base: URL;
  /** The key in the state dir; undefined when there is no key file. */
  key: string | undefined;
  stateDir: string;
}

/**
 * Where the running proxy is (--url, else http://127.0.0.1:<--port or the config file's port>) and
 * the key to ask it with. A usage error as a message when --url is no URL or not on this machine.
 */
export function adminTarget(values: Record<string, string | boolean | undefined>, env: Record<string, string | undefined>, what: string): AdminTarget | string {
  const stateDir = resolveStateDir(values['state-dir'] as string | undefined, env);
  let url = values.url as string | undefined;
  if (url === undefined) {
    const port = values.port !== undefined ? parsePort(values.port, '--port') : loadConfig(values.config as string | undefined, stateDir, env, {}).config.port;
    url = `http://127.0.0.1:${port}`;
  }
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    return `--url ${url} is not a URL`;
  }
  const host = base.hostname.replace(/^\[(.*)\]$/, '$1');
  if (base.protocol !== 'http:' || !isLoopbackHost(host))
    return `${what} only asks a proxy on this machine (http://127.0.0.1, ::1 or localhost), not ${base.origin}`;
  const store = new FileKeyStore(stateDir);
  return { base, key: fs.existsSync(store.keyFile) ? store.current().key : undefined, stateDir };
}

/** One request to an admin endpoint with the key; rejects when nothing answers. */
export function adminRequest(t: AdminTarget, path: string, method: 'GET' | 'POST' = 'GET'): Promise<AdminAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = t.key ? { authorization: `Bearer ${t.key}` } : {};
    const req = http.request(new URL(path, t.base), { method, headers, agent: false, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

/** "no proxy answers at ..." for a request that got no answer. */
export function noAnswer(t: AdminTarget, e: unknown): string {
  return `no proxy answers at ${t.base.origin} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Is it running (antigravity-proxy start), and on this port?`;
}

/** What an error answer says, for the user (the proxy's message, else the start of the body). */
export function answerError(t: AdminTarget, res: AdminAnswer): string {
  let message = res.text.slice(0, 500);
  try {
    message = (JSON.parse(res.text) as { error?: { message?: string } }).error?.message ?? message;
  } catch {
    /* not JSON: show the start of the text */
  }
  const hint = res.status === 401 ? " (is --state-dir the running proxy's state directory?)" : '';
  return `${t.base.origin} answered HTTP ${res.status}: ${message}${hint}`;
}

/** One admin request whose failure (no answer, or an error status) is told on stderr: the answer, or undefined after saying why. */
export async function askAdmin(t: AdminTarget, path: string, err: (s: string) => void, method: 'GET' | 'POST' = 'GET'): Promise<AdminAnswer | undefined> {
  let res: AdminAnswer;
  try {
    res = await adminRequest(t, path, method);
  } catch (e) {
    err(`antigravity-proxy: ${noAnswer(t, e)}\n`);
    return undefined;
  }
  if (res.status === 200) return res;
  err(`antigravity-proxy: ${answerError(t, res)}\n`);
  return undefined;
}
