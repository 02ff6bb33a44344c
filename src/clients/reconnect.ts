// After the proxy key changes, every connected client still holds the old one: the commands that
// put the new key in place, one per client (the CLI prints them after `key regenerate`).
import type { ClientRecord } from './state';

export function reconnectCommands(records: readonly ClientRecord[], defaultOrigin: string, stateDirFlag?: string): string[] {
  return records.map((r) => {
    const args = [`antigravity-proxy connect ${r.client}`];
    if (r.origin !== defaultOrigin) args.push(`--url ${r.origin}`);
    if (r.model) args.push(`--model ${JSON.stringify(r.model)}`);
    if (stateDirFlag) args.push(`--state-dir ${JSON.stringify(stateDirFlag)}`);
    return args.join(' ');
  });
}
