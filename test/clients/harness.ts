// The real-client suite's world (issue 14): the pinned CLIs installed by setup.sh, fake providers
// of each kind that answer and refuse like the real ones (strict), and the proxy as shipped
// (`dist/cli.js start`) routing to them by model name. Each CLI runs with HOME, its config and its
// working folder in a temp directory (never the real ~), from a clean environment, under a
// bounded timeout.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { CLI, ROOT, cleanEnv, ensureBuilt, runCliAsync, startCli, tempDir, type RunningCli } from '../cliHarness';
import { startFakeProvider, type FakeProvider } from '../fakeProviders';
import { UPSTREAM_KEY } from '../helpers';

const MODULES = path.join(process.env.CLIENTS_DIR ?? path.join(ROOT, '.clients'), 'node_modules');

/** How each CLI is started: its package's own launcher (no install script needed, see setup.sh). */
export const CLIENT_COMMANDS = {
  'claude-code': path.join(MODULES, '@anthropic-ai/claude-code/cli-wrapper.cjs'),
  codex: path.join(MODULES, '@openai/codex/bin/codex.js'),
  'gemini-cli': path.join(MODULES, '@google/gemini-cli/bundle/gemini.js'),
  continue: path.join(MODULES, '@continuedev/cli/dist/cn.js'),
} as const;
export type Client = keyof typeof CLIENT_COMMANDS;

export interface World {
  proxy: RunningCli;
  url: string;
  key: string;
  stateDir: string;
  fakes: { openai: FakeProvider; anthropic: FakeProvider; gemini: FakeProvider; chatOnly: FakeProvider };
}

/**
 * Model names route to upstreams: `m-anth-*` and `claude-*` to the Anthropic fake, `m-gem-*` and
 * `gemini-*` to the Gemini fake, `m-chat-*` to an OpenAI-compatible server without the Responses
 * API, anything else to the OpenAI fake.
 */
export async function startWorld(t: TestContext, extra: { modelAliases?: Record<string, string> } = {}): Promise<World> {
  ensureBuilt();
  const dir = tempDir(t, 'agp-world-');
  const fakes = {
    openai: await startFakeProvider(t, 'openai', { strict: true }),
    anthropic: await startFakeProvider(t, 'anthropic', { strict: true }),
    gemini: await startFakeProvider(t, 'gemini', { strict: true }),
    chatOnly: await startFakeProvider(t, 'openai', { strict: true, chatOnly: true }),
  };
  const up = (name: string, f: FakeProvider, models: string[]) => ({ name, kind: f.kind, baseUrl: f.apiBase, apiKeys: [`${UPSTREAM_KEY}-${name}`], models });
  const config = {
    ...extra,
    authMode: 'all_except_health',
    upstreams: [up('anthropic', fakes.anthropic, ['claude-*', 'm-anth-*']), up('gemini', fakes.gemini, ['gemini-*', 'm-gem-*']), up('chat', fakes.chatOnly, ['m-chat-*']), up('openai', fakes.openai, ['*'])],
  };
  const stateDir = path.join(dir, 'state');
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const proxy = await startCli(t, ['--port', '0', '--state-dir', stateDir, '--config', path.join(dir, 'config.json')], cleanEnv({ HOME: dir }));
  t.after(() => proxy.stop());
  const key = fs.readFileSync(path.join(stateDir, 'api_key'), 'utf8').trim();
  return { proxy, url: proxy.url, key, stateDir, fakes };
}

export interface ClientHome {
  home: string;
  /** The working folder the CLI runs in; it holds notes.txt. */
  cwd: string;
  /** The content of notes.txt: only a client that really ran the tool can know it. */
  marker: string;
}

export function clientHome(t: TestContext): ClientHome {
  const home = tempDir(t, 'agp-client-home-');
  const cwd = path.join(home, 'work');
  fs.mkdirSync(cwd);
  const marker = `marker-${randomBytes(6).toString('hex')}`;
  fs.writeFileSync(path.join(cwd, 'notes.txt'), `${marker}\n`);
  return { home, cwd, marker };
}

export interface ClientRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Wall time until the process ended (or was killed). */
  ms: number;
  timedOut: boolean;
}

/** Runs a CLI with only PATH, HOME and the given variables, killed after timeoutMs. */
export function runClient(client: Client, args: string[], h: ClientHome, o: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<ClientRun> {
  const timeoutMs = o.timeoutMs ?? 90_000;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLIENT_COMMANDS[client], ...args], {
      cwd: h.cwd,
      env: { PATH: process.env.PATH, HOME: h.home, TERM: 'dumb', ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.on('data', (c) => (stdout += c));
    child.stderr!.on('data', (c) => (stderr += c));
    // The whole process group: some CLIs start helpers of their own.
    const kill = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      kill();
      resolve({ status, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
}

/** `antigravity-proxy connect <client> --yes` for this home, against the world's proxy. */
export function connectClient(w: World, client: Client, h: ClientHome, model?: string) {
  return runCliAsync(['connect', client, '--url', w.url, '--state-dir', w.stateDir, '--yes', ...(model ? ['--model', model] : [])], cleanEnv({ HOME: h.home }));
}

export { CLI };
