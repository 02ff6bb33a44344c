// The core's Logger onto the "Antigravity Proxy" LogOutputChannel. The user picks the level in the
// Output view ("Set Log Level"); the core's logger already redacts every line (no key reaches it).
import type * as vscode from 'vscode';
import type { Logger } from '../proxy';

function withFields(message: string, fields?: Record<string, unknown>): string {
  return fields && Object.keys(fields).length ? `${message} ${JSON.stringify(fields)}` : message;
}

export function channelLogger(ch: vscode.LogOutputChannel): Logger {
  return {
    debug: (m, f) => ch.debug(withFields(m, f)),
    info: (m, f) => ch.info(withFields(m, f)),
    warn: (m, f) => ch.warn(withFields(m, f)),
    error: (m, f) => ch.error(withFields(m, f)),
  };
}
