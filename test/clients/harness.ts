// The real-client suite's world (issue 14): the pinned CLIs installed by setup.sh, fake providers
// of each kind that answer and refuse like the real ones (strict), and the proxy as shipped
// (`dist/cli.js start`) routing to them by model name. Each CLI runs with HOME, its config and its
// working folder in a temp directory (never the real ~), from a clean environment, under a
// bounded timeout.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { ROOT, cleanEnv, ensureBuilt, runCliAsync, startCli, tempDir, type RunningCli } from '../cliHarness';
import { startFakeProvider, type FakeProvider } from '../fakeProviders';
import { UPSTREAM_KEY } from '../helpers';
import { applyPlan, CLIENTS, planConnect } from '../../src/clients';

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
  // Removed only once the proxy has stopped (after hooks run in the order they were added): a
  // running proxy may be writing its usage statistics into its state dir.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-world-'));
  const started: { proxy?: RunningCli } = {};
  t.after(async () => {
    await started.proxy?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
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
    upstreams: [
      up('anthropic', fakes.anthropic, ['claude-*', 'm-anth-*']),
      up('gemini', fakes.gemini, ['gemini-*', 'm-gem-*']),
      up('chat', fakes.chatOnly, ['m-chat-*']),
      up('openai', fakes.openai, ['*']),
    ],
  };
  const stateDir = path.join(dir, 'state');
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const proxy = (started.proxy = await startCli(
    t,
    ['--port', '0', '--state-dir', stateDir, '--config', path.join(dir, 'config.json')],
    cleanEnv({ HOME: dir }),
  ));
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

/**
 * Writes the client's configuration exactly as `connect` does (the writers in src/clients), with
 * any key: the files the README's client table describes.
 */
export function configure(w: World, client: Client, h: ClientHome, model?: string, key = w.key): void {
  const ctx = { home: h.home, env: {}, stateDir: path.join(h.home, '.writer-state') };
  applyPlan(planConnect(CLIENTS[client], ctx, { origin: w.url, key, model }, undefined), ctx.stateDir);
}

/** A world and a temp home configured for the client (by the writers, or not at all). */
export async function setup(
  t: TestContext,
  client: Client,
  o: { model?: string; key?: string; modelAliases?: Record<string, string>; unconfigured?: boolean } = {},
): Promise<{ w: World; h: ClientHome }> {
  const w = await startWorld(t, o.modelAliases ? { modelAliases: o.modelAliases } : {});
  const h = clientHome(t);
  if (!o.unconfigured) configure(w, client, h, o.model, o.key);
  return { w, h };
}

/** The CLI ended well and printed the answer. */
export function assertAnswered(r: ClientRun, answer: RegExp): void {
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, answer);
}

/** The user saw the proxy's explanation of a refused key before the run's bound, and the CLI failed. */
export function assertRefusalShown(t: TestContext, label: string, r: ClientRun, message: RegExp): void {
  t.diagnostic(`${label} ended after ${r.ms} ms${r.timedOut ? ' (killed)' : ''}`);
  assert.equal(r.timedOut, false, `still retrying after ${r.ms} ms`);
  assert.notEqual(r.status, 0);
  assert.match(r.stdout + r.stderr, message);
}

/** The answer of the agent model once the client ran `cat notes.txt`: only a real run knows it. */
export const toolAnswer = (h: ClientHome): RegExp => new RegExp(`Tool said:[\\s\\S]*${h.marker}`);

/** The time bound for a wrong key to reach the user (the CLI is killed after it). */
export const REFUSAL_BOUND_MS = 20_000;

/** `antigravity-proxy connect <client> --yes` for this home, against the world's proxy. */
export function connectClient(w: World, client: Client, h: ClientHome, model?: string) {
  return runCliAsync(['connect', client, '--url', w.url, '--state-dir', w.stateDir, '--yes', ...(model ? ['--model', model] : [])], cleanEnv({ HOME: h.home }));
}
