// Writes a plan: a dated backup of each existing file before its first change, then the new text
// atomically; then the state remembers (or forgets) the client. Returns what was done, for the user.
import { backupFile, sha256, writeConfig } from './files';
import type { Plan } from './plan';
import { ConnectedClients } from './state';

export interface Written {
  path: string;
  backup?: string;
  deleted: boolean;
  /** The file was readable by others and is private (0600) now, since it holds the key. */
  tightened: boolean;
}

export function applyPlan(plan: Plan, stateDir: string, now = new Date()): Written[] {
  const written: Written[] = [];
  for (const c of plan.changes) {
    const backup = c.before !== undefined ? backupFile(c.path, now) : undefined;
    const { tightened } = writeConfig(c.path, c.after, c.holdsSecret);
    written.push({ path: c.path, backup, deleted: c.after === undefined, tightened });
    // The first backup of a file is the user's own version: the one `disconnect` points to.
    const f = plan.record?.files.find((r) => r.path === c.path);
    if (f && !f.backup && backup) f.backup = backup;
    if (f && c.after !== undefined) f.writtenSha256 = sha256(c.after);
  }
  const state = new ConnectedClients(stateDir);
  if (plan.record) state.put(plan.record);
  else state.remove(plan.spec.id);
  return written;
}
