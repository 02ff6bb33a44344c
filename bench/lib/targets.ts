// The measured servers: the fake upstream, our proxy as shipped (dist/cli.js) and the reference
// proxies. Each runs in its own process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { spawnServer, type ServerProc } from './procs';

export const PROXY_KEY = 'sk-bench-proxy-key-0123456789abcdefghijklmn';
export const UPSTREAM_KEY = 'sk-bench-upstream-key-0123456789abcdefghij';

/** The small JSON pass-through request every CPU-per-request measurement sends, with the proxy's key. */
export const AUTH_HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${PROXY_KEY}` };
export const JSON_BODY = JSON.stringify({ model: 'bench-json', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 16 });

export const LABELS: Record<string, string> = {
  direct: 'upstream reached directly',
  pipe: 'bare node:http pipe (keep-alive Agent)',
  ours: 'Antigravity Proxy (auth strict)',
  baseline: 'Antigravity Proxy, BENCH_BASELINE build (auth strict)',
  'ours-auth-off': 'Antigravity Proxy (auth off)',
  'ours-no-usage': 'Antigravity Proxy (auth strict, usage recording off)',
  'ours-toggle': 'Antigravity Proxy (auth strict, usage recording switched on and off)',
  'express-hpm': 'Express 5 + http-proxy-middleware (keep-alive)',
  'express-node-fetch': 'Express 5 + node-fetch 3',
  undici: 'node:http + undici Pool',
};

const SCRIPTS: Record<string, string> = {
  pipe: 'pipe.mjs',
  'express-hpm': 'express-hpm.mjs',
  'express-node-fetch': 'express-node-fetch.mjs',
  undici: 'undici-pipe.mjs',
};

export interface StartContext {
  root: string;
  upstreamUrl: string;
  /** Where --cpu-prof writes, when profiling. */
  profileDir?: string;
  /** More node flags for every target (bench:perf-split: --perf-basic-prof). */
  nodeArgs?: string[];
  /** The BENCH_BASELINE build's dist/cli.js, for target `baseline`. */
  baselineCli?: string;
  tmpDirs: string[];
}

export function startUpstream(root: string): Promise<ServerProc> {
  return spawnServer('upstream', [path.join(root, 'bench/servers/upstream.mjs')]);
}

/** Starts one proxy target; `direct` has no process of its own. */
export function startTarget(id: string, ctx: StartContext): Promise<ServerProc> {
  if (id === 'ours' || id === 'ours-auth-off') return startOurs(ctx, id === 'ours' ? 'strict' : 'off', path.join(ctx.root, 'dist/cli.js'));
  // The same proxy keeping no usage statistics (issue 15: what recording costs per request).
  if (id === 'ours-no-usage') return startOurs(ctx, 'strict', path.join(ctx.root, 'dist/cli.js'), 'ours-strict-no-usage', { ANTIGRAVITY_USAGE: 'off' });
  // The same CLI with a switch for its usage recording (bench/servers/ours-toggle.ts).
  if (id === 'ours-toggle') return startOurs(ctx, 'strict', toggleBundle(ctx), 'ours-toggle', {}, true);
  if (id === 'baseline') {
    if (!ctx.baselineCli) throw new Error('target baseline needs BENCH_BASELINE (a built dist/cli.js)');
    return startOurs(ctx, 'strict', ctx.baselineCli, 'baseline');
  }
  const script = SCRIPTS[id];
  if (!script) throw new Error(`no server for target ${id}`);
  return spawnServer(id, [...profileArgs(ctx, id), path.join(ctx.root, 'bench/servers', script)], { BENCH_UPSTREAM: ctx.upstreamUrl });
}

/**
 * Node's --cpu-prof flags when profiling: every target (the yardsticks too) writes
 * `<name>.<time>.cpuprofile`, so ours can be set beside the pipe it is compared with.
 * BENCH_PROFILE_INTERVAL sets the sampling interval in µs (Node's default: 1000).
 */
function profileArgs(ctx: StartContext, name: string): string[] {
  const extra = ctx.nodeArgs ?? [];
  if (!ctx.profileDir) return extra;
  const interval = process.env.BENCH_PROFILE_INTERVAL;
  return [
    ...extra,
    '--cpu-prof',
    ...(interval ? ['--cpu-prof-interval', interval] : []),
    '--cpu-prof-dir',
    ctx.profileDir,
    '--cpu-prof-name',
    `${name}.${Date.now()}.cpuprofile`,
  ];
}

function startOurs(
  ctx: StartContext,
  authMode: 'strict' | 'off',
  cli: string,
  name = `ours-${authMode}`,
  env: Record<string, string> = {},
  ipc = false,
): Promise<ServerProc> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-bench-'));
  ctx.tmpDirs.push(dir);
  fs.writeFileSync(path.join(dir, 'api_key'), PROXY_KEY + '\n', { mode: 0o600 });
  const config = {
    upstreams: [{ name: 'bench', kind: 'openai', baseUrl: `${ctx.upstreamUrl}/v1`, apiKeys: [UPSTREAM_KEY], models: ['*'] }],
  };
  const cfg = path.join(dir, 'config.json');
  fs.writeFileSync(cfg, JSON.stringify(config), { mode: 0o600 });
  return spawnServer(
    name,
    [...profileArgs(ctx, name), cli, 'start', '--port', '0', '--auth-mode', authMode, '--config', cfg, '--state-dir', dir],
    env,
    undefined,
    ipc,
  );
}

/** bench/servers/ours-toggle.ts bundled as dist/cli.js is (esbuild.mjs's options), into a temporary dir. */
function toggleBundle(ctx: StartContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-bench-toggle-'));
  ctx.tmpDirs.push(dir);
  const outfile = path.join(dir, 'ours-toggle.js');
  esbuild.buildSync({
    entryPoints: [path.join(ctx.root, 'bench/servers/ours-toggle.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    legalComments: 'none',
    alias: { 'jsonc-parser': path.join(ctx.root, 'node_modules/jsonc-parser/lib/esm/main.js') },
  });
  return outfile;
}

export function cleanupTmp(ctx: StartContext): void {
  for (const d of ctx.tmpDirs) fs.rmSync(d, { recursive: true, force: true });
}
