// The CLI's state directory and its key file store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomicSync as writeAtomic } from '../proxy';
import { emptyKeyHistory, generateApiKey, parseKeyHistory, rememberKey, type KeyHistoryData, type KeySnapshot, type KeyStore } from '../proxy';

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

/** Without a watcher's word, a read stands for at most this long (a lost event, an odd filesystem). */
const WATCHED_MS = 1000;

/** The files the key store reads (and their temp files on the way to a rename). */
function isKeyFileName(name: string): boolean {
  return name.startsWith('api_key') || name.startsWith('key_history.json');
}

/**
 * The key lives in <state-dir>/api_key (mode 0600); salted hashes of earlier keys in
 * <state-dir>/key_history.json. A key changed by `key regenerate` in another process applies at the
 * next request (files are replaced by rename, so the inode changes), at the cost of one stat per
 * change rather than one per request (issue 11, CPU per request):
 *  - watched (`watch()`, Linux): inotify reports every change of the key files. Its event is
 *    queued when the file is renamed, before any request sent after that can arrive, and the
 *    event loop handles it first; so the last read stands until an event comes (or a second
 *    passed: an event lost to a full inotify queue cannot leave an old key in force for long);
 *  - otherwise: one stat per event-loop turn. Requests read in the same turn share it: each of them
 *    reached this process before it was made, so a change that came before a request is seen.
 * macOS and Windows deliver their file events from other threads, in no order with sockets: they
 * stay with the stat per turn.
 */
export class FileKeyStore implements KeyStore {
  readonly keyFile: string;
  readonly historyFile: string;
  /** The key file's identity when it was last read; NaN = never read, -1 = missing. */
  private ino = NaN;
  private mtimeMs = NaN;
  private size = NaN;
  private snap: KeySnapshot = { key: '' };
  /** The last read stands until then (performance.now() ms), unless `stale` runs first. */
  private validUntil = 0;
  private watcher: fs.FSWatcher | undefined;
  private readonly stale = (): void => {
    this.validUntil = 0;
  };

  constructor(readonly stateDir: string) {
    this.keyFile = path.join(stateDir, 'api_key');
    this.historyFile = path.join(stateDir, 'key_history.json');
  }

  /** Creates the key file with a fresh key when there is none; returns true if it did. */
  ensure(): boolean {
    if (fs.existsSync(this.keyFile)) return false;
    writeAtomic(this.keyFile, generateApiKey() + '\n', 0o600);
    this.validUntil = 0;
    return true;
  }

  /**
   * Watches the state directory (Linux; a no-op elsewhere, or when watching fails): a long-running
   * proxy then reads the key file only after it changed. Returns whether it watches.
   */
  watch(platform = process.platform): boolean {
    if (this.watcher || platform !== 'linux') return this.watcher !== undefined;
    try {
      // A change of the key files (replaced by rename: the event names the new file). The usage
      // store writes in the same directory every few seconds (usage.*): those changes must not
      // cost a stat per request. No name (some filesystems): assume it was a key file.
      this.watcher = fs.watch(this.stateDir, { persistent: false }, (_event, name) => {
        if (name === null || isKeyFileName(String(name))) this.stale();
      });
    } catch {
      return false; // e.g. out of inotify watches: the stat per turn it is
    }
    this.watcher.on('error', () => this.unwatch());
    this.validUntil = 0;
    return true;
  }

  /** Stops watching; reads go back to one stat per turn. */
  unwatch(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.validUntil = 0;
  }

  current(): KeySnapshot {
    const now = performance.now();
    if (now < this.validUntil) return this.snap;
    if (this.watcher) this.validUntil = now + WATCHED_MS;
    else {
      // Until the end of this turn (its check phase), and a millisecond at most: a turn can start
      // in a check phase and run into the next one's poll.
      this.validUntil = now + 1;
      // Ref'd on purpose: an unref'd immediate may wait for the loop's next wake-up.
      setImmediate(this.stale);
    }
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
    this.validUntil = 0;
    return this.current();
  }

  regenerate(): string {
    const key = generateApiKey();
    this.set(key);
    return key;
  }
}
