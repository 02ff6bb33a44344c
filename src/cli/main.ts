// The headless host: `antigravity-proxy start | key | help`. A public contract: keep its flags and
// output stable (README "Command line").
import { parseArgs } from 'node:util';
import {
  ConfigError,
  parsePort,
  AUTH_MODES,
  type AuthMode,
  type ProxyConfig,
  createStreamLogger,
  ListenError,
  ProxyServer,
  UsageStore,
  VERSION,
} from '../proxy';
import { loadConfig } from './configFile';
import { exposureWarning } from './banner';
import { FileKeyStore, resolveStateDir } from './state';
import { showStatus } from './status';
import { runDiagnose } from './diagnose';
import { runUsage } from './usage';
import { dashboardAssets, runDashboard } from './dashboard';
import { reconnectNote, runConnect, terminalConfirm } from './connect';

const USAGE = `antigravity-proxy ${VERSION}: a local LLM API proxy for AI coding tools

Usage:
  antigravity-proxy start [--port N] [--auth-mode MODE] [--allow-lan-access]
                          [--config FILE] [--state-dir DIR] [--verbose]
  antigravity-proxy key show|regenerate [--state-dir DIR]
  antigravity-proxy key set VALUE [--state-dir DIR]
  antigravity-proxy status [--url URL | --port N] [--state-dir DIR] [--json]
  antigravity-proxy diagnose [--url URL] [--state-dir DIR] [--json] [--send-key-to-remote]
  antigravity-proxy usage [--json] [--since YYYY-MM-DD] [--url URL] [--state-dir DIR] [--reset]
  antigravity-proxy dashboard [--url URL] [--state-dir DIR] [--open]
  antigravity-proxy connect claude-code|codex|gemini-cli|continue [--url URL] [--state-dir DIR]
                            [--model M] [--dry-run] [--yes]
  antigravity-proxy disconnect CLIENT [--state-dir DIR] [--dry-run] [--yes]
  antigravity-proxy --version | --help

MODE is off, strict, all_except_health or auto (default: auto = off with LAN access off,
all_except_health with it on). --port 0 picks a free port.
status shows every upstream key's state (healthy, cooling until T, invalid) of the running proxy.
State dir: --state-dir, else $ANTIGRAVITY_STATE_DIR, else the platform's config directory.
diagnose explains why a client gets 401 (default URL http://127.0.0.1:8045); it exits 1 when
something failed. It sends the proxy key only to 127.0.0.1, ::1 or localhost unless
--send-key-to-remote is given.
usage prints the requests and tokens per day, model, client and upstream (kept 90 days), from
the running proxy when one answers, else from the state dir; --reset clears them (in both).
dashboard prints a one-time login URL (valid 60 s) for the running proxy's dashboard page;
--open opens it in the browser.
connect writes the proxy's URL and key into the client's own config file (shown as a diff first;
a backup is kept), then makes one request as that client would; disconnect removes it again.
`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Record<string, string | undefined>;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  env: process.env,
};

export function describeAuth(config: ProxyConfig, effective: string): string {
  return config.authMode === 'auto' ? `${effective} via auto` : effective;
}

async function start(values: Record<string, string | boolean | undefined>, io: Io): Promise<number> {
  const stateDir = resolveStateDir(values['state-dir'] as string | undefined, io.env);
  const overrides: Record<string, unknown> = {};
  if (values.port !== undefined) overrides.port = parsePort(values.port, '--port');
  if (values['auth-mode'] !== undefined) {
    const m = values['auth-mode'] as string;
    if (!AUTH_MODES.includes(m as AuthMode)) throw new ConfigError(`--auth-mode must be one of ${AUTH_MODES.join(', ')}`);
    overrides.authMode = m;
  }
  if (values['allow-lan-access']) overrides.allowLanAccess = true;
  const { config, file } = loadConfig(values.config as string | undefined, stateDir, io.env, overrides);

  const keys = new FileKeyStore(stateDir);
  const created = keys.ensure();
  // --verbose: the core's per-request debug lines. Every line, the CLI's own included, goes
  // through the core's redacting logger (server.logger): no key, no control character.
  let usage: UsageStore | undefined;
  const server = new ProxyServer({
    config,
    keyStore: keys,
    logger: createStreamLogger(io.err, values.verbose ? 'debug' : 'info'),
    usage: () => usage,
    dashboardAssets: dashboardAssets(),
  });
  const logger = server.logger;
  // The usage statistics (issue 15) live in the state dir (a problem there is a warning, never a
  // failure); ANTIGRAVITY_USAGE=off keeps none.
  if (io.env.ANTIGRAVITY_USAGE !== 'off') {
    const store = await UsageStore.open({ dir: stateDir, logger, secrets: () => server.requestSecrets() });
    server.on('request', (e) => store.record(e));
    usage = store;
  }
  // A running proxy reads the key file only after it changed (Linux), not at every request.
  keys.watch();
  if (created) logger.info(`Generated a new API key in ${keys.keyFile} (show it with: antigravity-proxy key show)`);
  if (file) logger.info(`Config: ${file}`);
  if (config.upstreams.length === 0)
    logger.warn(
      'No upstream configured: model requests will get 503. Set OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY, or add "upstreams" to a config file.',
    );

  try {
    await server.start();
  } catch (e) {
    if (e instanceof ListenError) {
      await usage?.close();
      io.err(`antigravity-proxy: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const auth = server.effectiveAuth;
  const warning = exposureWarning(config, auth.mode);
  if (warning) io.err(warning);
  io.out(`Listening on ${server.url} (auth: ${describeAuth(config, auth.mode)}, LAN: ${config.allowLanAccess ? 'on' : 'off'})\n`);

  await new Promise<void>((resolve) => {
    const stop = (sig: string): void => {
      logger.info(`${sig}: stopping`);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      keys.unwatch();
      // The last requests' records reach the disk before the process ends.
      void server
        .dispose()
        .then(() => usage?.close())
        .then(resolve, resolve);
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  return 0;
}

function key(positionals: string[], values: Record<string, string | boolean | undefined>, io: Io): number {
  const stateDir = resolveStateDir(values['state-dir'] as string | undefined, io.env);
  const store = new FileKeyStore(stateDir);
  const [action, value] = positionals;
  switch (action) {
    case 'show': {
      store.ensure();
      const k = store.current().key;
      if (k === '') io.err('antigravity-proxy: the key is empty: with auth on, every request is denied (antigravity-proxy key regenerate)\n');
      io.out(k + '\n');
      return 0;
    }
    case 'regenerate': {
      const k = store.regenerate();
      io.err('New key written; clients holding the old key now get 401 (stale_key). A running proxy uses it at its next request.\n');
      io.err(reconnectNote(values, io.env));
      io.out(k + '\n');
      return 0;
    }
    case 'set': {
      if (value === undefined) {
        io.err("antigravity-proxy: key set needs a value (use key set '' for the empty key)\n");
        return 2;
      }
      if (value === '') {
        io.err(
          'WARNING: the key is now empty. While authentication is enabled, the proxy denies EVERY request\n' +
            '("Proxy auth is enabled but api_key is empty; denying request"). Run `antigravity-proxy key regenerate` to undo.\n',
        );
      } else if (/^\s|\s$/.test(value)) {
        io.err('antigravity-proxy: the key must not start or end with white space\n');
        return 2;
      }
      store.set(value);
      io.err('Key set; a running proxy uses it at its next request.\n');
      return 0;
    }
    default:
      io.err(`antigravity-proxy: key needs show, regenerate or set VALUE\n`);
      return 2;
  }
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        port: { type: 'string' },
        'auth-mode': { type: 'string' },
        'allow-lan-access': { type: 'boolean' },
        config: { type: 'string' },
        'state-dir': { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        url: { type: 'string' },
        json: { type: 'boolean' },
        since: { type: 'string' },
        reset: { type: 'boolean' },
        open: { type: 'boolean' },
        model: { type: 'string' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        'send-key-to-remote': { type: 'boolean' },
      },
    });
  } catch (e) {
    io.err(`antigravity-proxy: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.out(VERSION + '\n');
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  try {
    switch (command) {
      case 'start':
        return await start(values, io);
      case 'key':
        return key(rest, values, io);
      case 'status':
        return await showStatus(values, io.env, io);
      case 'diagnose':
        return await runDiagnose(values, io);
      case 'usage':
        return await runUsage(values, io);
      case 'dashboard':
        return await runDashboard(values, io);
      case 'connect':
      case 'disconnect':
        return await runConnect(command, rest, values, { ...io, confirm: io === defaultIo ? terminalConfirm() : undefined });
      default:
        io.err(`antigravity-proxy: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`antigravity-proxy: configuration error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`antigravity-proxy: unexpected error: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
