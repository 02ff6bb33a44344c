// The CLI's state directory and its key file store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomicSync as writeAtomic } from '../proxy';
import {
  emptyKeyHistory,
  generateApiKey,
  parseKeyHistory,
  rememberKey,
  type KeyHistoryData,
  type KeySnapshot,
  type KeyStore,
} from '../proxy';

type Env = Record<string, string | undefined>;

/** --state-dir, else $ANTIGRAVITY_STATE_DIR, else the platform's config directory. */
export function resolveStateDir(flag: string | undefined, env: Env = process.env, platform = process.platform): string {
  if (flag) return path.resolve(flag);
  if (env.ANTIGRAVITY_STATE_DIR) return path.resolve(env.ANTIGRAVITY_STATE_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'antigravity-proxy');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'antigravity-proxy');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'antigravity-proxy');
}

/**
 * The key lives in <state-dir>/api_key (mode 0600); salted hashes of earlier keys in
 * <state-dir>/key_history.json. `current()` costs one stat: a key changed by `key regenerate` in
 * another process is seen at the next request (files are replaced by rename, so the inode changes).
 */
export class FileKeyStore implements KeyStore {
  readonly keyFile: string;
  readonly historyFile: string;
  /** The key file's identity when it was last read; NaN = never read, -1 = missing. */
  private ino = NaN;
  private mtimeMs = NaN;
  private size = NaN;
  private snap: KeySnapshot = { key: '' };

  constructor(readonly stateDir: string) {
    this.keyFile = path.join(stateDir, 'api_key');
    this.historyFile = path.join(stateDir, 'key_history.json');
  }

  /** Creates the key file with a fresh key when there is none; returns true if it did. */
  ensure(): boolean {
    if (fs.existsSync(this.keyFile)) return false;
    writeAtomic(this.keyFile, generateApiKey() + '\n', 0o600);
    return true;
  }

  current(): KeySnapshot {
    let st: fs.Stats | undefined;
    try {
      // No exception for a missing file (throwIfNoEntry): this runs on every request.
      st = fs.statSync(this.keyFile, { throwIfNoEntry: false });
    } catch {
      st = undefined;
    }
    const ino = st ? st.ino : -1;
    const mtimeMs = st ? st.mtimeMs : -1;
    const size = st ? st.size : -1;
    // Compared as numbers: no stamp string per request (issue 8, CPU per request).
    if (ino !== this.ino || mtimeMs !== this.mtimeMs || size !== this.size) {
      this.ino = ino;
      this.mtimeMs = mtimeMs;
      this.size = size;
      this.snap = { key: st ? this.readKey() : '', history: this.readHistory() };
    }
    return this.snap;
  }

  private readKey(): string {
    try {
      // One trailing newline is file convention, not part of the key.
      return fs.readFileSync(this.keyFile, 'utf8').replace(/\r?\n$/, '');
    } catch {
      return '';
    }
  }

  private readHistory(): KeyHistoryData | undefined {
    try {
      return parseKeyHistory(JSON.parse(fs.readFileSync(this.historyFile, 'utf8')));
    } catch {
      return undefined;
    }
  }

  /** Sets the key (remembering the old one as stale) and returns the new snapshot. */
  set(newKey: string): KeySnapshot {
    const old = fs.existsSync(this.keyFile) ? this.readKey() : '';
    if (old && old !== newKey) {
      const history = rememberKey(this.readHistory() ?? emptyKeyHistory(), old);
      writeAtomic(this.historyFile, JSON.stringify(history) + '\n', 0o600);
    }
    writeAtomic(this.keyFile, newKey + '\n', 0o600);
    return this.current();
  }

  regenerate(): string {
    const key = generateApiKey();
    this.set(key);
    return key;
  }
}
