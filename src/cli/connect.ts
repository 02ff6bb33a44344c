// `antigravity-proxy connect|disconnect <client>` (issue 14): writes (or removes) the proxy's URL
// and key in a client's own configuration, shows the change as a diff first, asks before writing
// (or needs --yes without a terminal), keeps a backup, then proves the result with a round trip.
// The logic lives in src/clients, shared with the VS Code host; this file is the CLI's face.
import os from 'node:os';
import { createInterface } from 'node:readline/promises';
import {
  CLI_CLIENTS,
  ConfigParseError,
  ConnectedClients,
  applyPlan,
  clientById,
  describeRoundTrip,
  originOf,
  planConnect,
  planDisconnect,
  proxyModels,
  reconnectCommands,
  renderDiff,
  roundTrip,
  type ClientContext,
  type ClientSpec,
  type Plan,
} from '../clients';
import { loadConfig } from './configFile';
import { FileKeyStore, resolveStateDir } from './state';

type Values = Record<string, string | boolean | undefined>;

export interface ConnectIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Record<string, string | undefined>;
  /** Asks a yes/no question on the terminal; undefined when there is none. */
  confirm?: (question: string) => Promise<boolean>;
}

/** A yes/no question on the process's terminal, or undefined when stdin/stdout are not one. */
export function terminalConfirm(): ConnectIo['confirm'] {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
    } finally {
      rl.close();
    }
  };
}

const USAGE_CLIENTS = CLI_CLIENTS.join('|');

function specOf(id: string | undefined, io: ConnectIo, verb: string): ClientSpec | undefined {
  const spec = id && CLI_CLIENTS.includes(id as never) ? clientById(id) : undefined;
  if (!spec) io.err(`antigravity-proxy: ${verb} needs a client: ${USAGE_CLIENTS}${id ? ` (not "${id}")` : ''}\n`);
  return spec;
}

function defaultOrigin(values: Values, stateDir: string, env: ConnectIo['env']): string {
  const port = loadConfig(values.config as string | undefined, stateDir, env, {}).config.port;
  return `http://127.0.0.1:${port}`;
}

/** Shows the plan, then writes it if allowed. Returns an exit code, or undefined when written. */
async function showAndWrite(plan: Plan, key: string, values: Values, io: ConnectIo, stateDir: string): Promise<number | undefined> {
  for (const n of plan.notes) io.err(`Note: ${n}\n`);
  io.out(renderDiff(plan.changes, [key]));
  if (values['dry-run']) {
    io.out('Dry run: nothing was written.\n');
    return 0;
  }
  if (!values.yes) {
    if (!io.confirm) {
      io.err('Nothing was written: there is no terminal to confirm on. Run the command again with --yes to write these changes.\n');
      return 2;
    }
    if (!(await io.confirm('Write these changes?'))) {
      io.err('Nothing was written.\n');
      return 1;
    }
  }
  for (const w of applyPlan(plan, stateDir)) {
    const what = w.deleted ? `Removed ${w.path}` : `Wrote ${w.path}`;
    io.out(`${what}${w.backup ? ` (backup: ${w.backup})` : ''}${w.tightened ? '; it holds the key now, so it is readable by you only (0600)' : ''}\n`);
  }
  return undefined;
}

export async function runConnect(verb: 'connect' | 'disconnect', positionals: string[], values: Values, io: ConnectIo): Promise<number> {
  const spec = specOf(positionals[0], io, verb);
  if (!spec) return 2;
  const stateDir = resolveStateDir(values['state-dir'] as string | undefined, io.env);
  const ctx: ClientContext = { home: io.env.HOME || os.homedir(), env: io.env, stateDir };
  const state = new ConnectedClients(stateDir);
  const store = new FileKeyStore(stateDir);
  store.ensure();
  const key = store.current().key;
  try {
    if (verb === 'disconnect') {
      const record = state.get(spec.id);
      if (!record) {
        io.out(`${spec.label} is not connected (nothing recorded in ${state.file}): nothing to remove.\n`);
        return 0;
      }
      const plan = planDisconnect(spec, record);
      const code = await showAndWrite(plan, key, values, io, stateDir);
      if (code !== undefined) return code;
      io.out(`${spec.label} is disconnected.\n`);
      return 0;
    }

    let origin: string;
    try {
      origin = originOf((values.url as string | undefined) ?? defaultOrigin(values, stateDir, io.env));
    } catch (e) {
      io.err(`antigravity-proxy: --url: ${(e as Error).message}\n`);
      return 2;
    }
    const model = (values.model as string | undefined) ?? (spec.requiresModel ? (await proxyModels(origin, key))[0] : undefined);
    if (spec.requiresModel && !model) {
      io.err(`antigravity-proxy: ${spec.label} needs a model name and the proxy at ${origin} lists none: pass --model NAME\n`);
      return 2;
    }
    const plan = planConnect(spec, ctx, { origin, key, model }, state.get(spec.id));
    if (plan.changes.length === 0) io.out(`${spec.label} is already connected to ${origin}: nothing to change.\n`);
    const code = plan.changes.length ? await showAndWrite(plan, key, values, io, stateDir) : values['dry-run'] ? 0 : undefined;
    if (code !== undefined) return code;
    if (plan.changes.length === 0 && !state.get(spec.id) && plan.record) state.put(plan.record);
    const keyFiles = spec.files(ctx, { origin, key, model }).filter((f) => f.entries.some((e) => e.secret));
    io.out(`The proxy key is now stored in ${keyFiles.map((f) => f.path).join(', ')}, where ${spec.label} reads it.\n`);
    const ep = spec.endpoint(plan.get, ctx);
    if (!ep) {
      io.err(`antigravity-proxy: could not read the written configuration back\n`);
      return 1;
    }
    const r = await roundTrip(spec.protocol, ep, { origin, proxyKey: key, keySource: store.keyFile, host: 'cli' });
    (r.ok ? io.out : io.err)(describeRoundTrip(spec.label, r) + '\n');
    return r.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof ConfigParseError) {
      io.err(`antigravity-proxy: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** After `key regenerate`: the connected clients, and the commands that give them the new key. */
export function reconnectNote(values: Values, env: ConnectIo['env']): string {
  const flag = values['state-dir'] as string | undefined;
  const stateDir = resolveStateDir(flag, env);
  const records = new ConnectedClients(stateDir).list();
  if (records.length === 0) return '';
  const cmds = reconnectCommands(records, defaultOrigin(values, stateDir, env), flag);
  return `Connected clients still hold the old key (${records.map((r) => r.client).join(', ')}); reconnect them:\n${cmds.map((c) => `  ${c}\n`).join('')}`;
}
