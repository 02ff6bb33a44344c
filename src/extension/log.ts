// The core's Logger onto the "Antigravity Proxy" LogOutputChannel, and the channel the extension's
// own code writes to: every line of both goes through the core's redacting logger (server.logger),
// the one place that takes keys out and escapes control characters (issue 12), so a value a client
// chose (a model name, a user agent) can neither hold a key nor forge a line. The user picks the
// level in the Output view ("Set Log Level"); lines below it are not even built.
import type * as vscode from 'vscode';
import { createRedactingLogger, type Logger, type LogLevel } from '../proxy';

function withFields(message: string, fields?: Record<string, unknown>): string {
  return fields && Object.keys(fields).length ? `${message} ${JSON.stringify(fields)}` : message;
}

/** vscode.LogLevel's values (Off 0, Trace 1, Debug 2, Info 3, Warning 4, Error 5), per core level. */
const CHANNEL_LEVEL: Readonly<Record<LogLevel, number>> = { debug: 2, info: 3, warn: 4, error: 5 };

export function channelLogger(ch: vscode.LogOutputChannel): Logger {
  return {
    debug: (m, f) => ch.debug(withFields(m, f)),
    info: (m, f) => ch.info(withFields(m, f)),
    warn: (m, f) => ch.warn(withFields(m, f)),
    error: (m, f) => ch.error(withFields(m, f)),
    enabled: (level) => ch.logLevel === undefined || (ch.logLevel !== 0 && ch.logLevel <= CHANNEL_LEVEL[level]),
  };
}

/** The channel with its logging methods routed through `safe` (the core's redacting logger); the rest (show, dispose, ...) as they are. */
export function safeChannel(ch: vscode.LogOutputChannel, safe: Logger): vscode.LogOutputChannel {
  const text = (m: string | Error): string => (typeof m === 'string' ? m : (m.stack ?? m.message));
  const through: Partial<vscode.LogOutputChannel> = {
    trace: (m) => safe.debug(m),
    debug: (m) => safe.debug(m),
    info: (m) => safe.info(m),
    warn: (m) => safe.warn(m),
    error: (m) => safe.error(text(m)),
  };
  return new Proxy(ch, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in through) return through[prop as keyof typeof through];
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/**
 * A Logger for what is built before the server (the editor's models are one of its providers):
 * the server's redacting logger once it exists; until then the same redaction, without the keys
 * (none is loaded yet).
 */
export function untilServer(ch: vscode.LogOutputChannel, server: () => { logger: Logger } | undefined): Logger {
  const early = createRedactingLogger(channelLogger(ch));
  const pick = (): Logger => server()?.logger ?? early;
  return {
    debug: (m, f) => pick().debug(m, f),
    info: (m, f) => pick().info(m, f),
    warn: (m, f) => pick().warn(m, f),
    error: (m, f) => pick().error(m, f),
    enabled: (level) => pick().enabled?.(level) ?? true,
  };
}
