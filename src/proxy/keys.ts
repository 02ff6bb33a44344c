// The proxy's own key: generation, timing-safe comparison, and the memory of recent keys kept
// only as salted hashes (to tell a client it holds a key from before the last regeneration).
import crypto, { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `sk-` + 40 characters drawn uniformly from a CSPRNG (238 bits). */
export function generateApiKey(length = 40): string {
  const out: string[] = [];
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      // 248 = 4 * 62: reject the tail so every character is equally likely.
      if (b < 248 && out.length < length) out.push(KEY_ALPHABET[b % 62]);
    }
  }
  return 'sk-' + out.join('');
}

/**
 * SHA-256 digest, for comparing a presented value with keys the proxy only needs to recognise
 * (an upstream key pasted into a client: a 401's reason, not the per-request check).
 */
export const digest: (value: string) => Buffer =
  typeof crypto.hash === 'function' ? (value) => crypto.hash('sha256', value, 'buffer') : (value) => createHash('sha256').update(value, 'utf8').digest();

export function safeEqualDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Is `presented` the key `expected`? The per-request check, in constant time: whatever was sent,
 * every one of `expected`'s code units is compared (XOR into one accumulator, no early exit, no
 * branch on the key's content), so neither where a guess differs nor how long the key is can be
 * timed. In JavaScript rather than crypto.timingSafeEqual: the call into C++ (and the Buffer it
 * needs) took ~19 µs of a request's way to the upstream when the proxy had been idle a few ms,
 * this loop ~3.5 µs (bench/README.md); hashing both sides first, as before, cost more still.
 */
export function safeEqualKey(presented: string, expected: string): boolean {
  const n = expected.length;
  const m = presented.length;
  let diff = m ^ n;
  for (let i = 0; i < n; i++) diff |= expected.charCodeAt(i) ^ (i < m ? presented.charCodeAt(i) : 0);
  return diff === 0;
}

/** A salted hash of a key, for remembering it without being able to reveal it. */
export function saltedHash(salt: string, value: string): string {
  return createHmac('sha256', salt).update(value, 'utf8').digest('base64url');
}

export interface KeyHistoryData {
  salt: string;
  /** Salted hashes of keys that were valid before, newest first. */
  hashes: string[];
}

export const KEY_HISTORY_LIMIT = 8;

export function emptyKeyHistory(): KeyHistoryData {
  return { salt: randomBytes(16).toString('base64url'), hashes: [] };
}

/** Returns a new history with `oldKey` remembered (no-op for an empty key). */
export function rememberKey(history: KeyHistoryData, oldKey: string): KeyHistoryData {
  if (!oldKey) return history;
  const h = saltedHash(history.salt, oldKey);
  return { salt: history.salt, hashes: [h, ...history.hashes.filter((x) => x !== h)].slice(0, KEY_HISTORY_LIMIT) };
}

export function isStaleKey(history: KeyHistoryData | undefined, presented: string): boolean {
  if (!history || !presented || history.hashes.length === 0) return false;
  return history.hashes.includes(saltedHash(history.salt, presented));
}

export function parseKeyHistory(raw: unknown): KeyHistoryData | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.salt !== 'string' || !Array.isArray(r.hashes)) return undefined;
  return { salt: r.salt, hashes: r.hashes.filter((h): h is string => typeof h === 'string').slice(0, KEY_HISTORY_LIMIT) };
}

/** What the hosts provide: the current key and what is remembered of earlier ones. */
export interface KeySnapshot {
  /** The proxy's key. '' is the seed's empty-key state: with auth on, every request is denied. */
  key: string;
  history?: KeyHistoryData;
}

/**
 * The key source the core asks on every request that needs authentication. It must be cheap: the
 * CLI's file store checks the file's identity with one stat, the extension keeps a snapshot that
 * SecretStorage change events replace.
 */
export interface KeyStore {
  current(): KeySnapshot;
}

/** A key store holding a snapshot in memory; hosts (and tests) replace it with `set`. */
export class MemoryKeyStore implements KeyStore {
  private snap: KeySnapshot;
  constructor(key: string, history?: KeyHistoryData) {
    this.snap = { key, history };
  }
  current(): KeySnapshot {
    return this.snap;
  }
  set(key: string, history?: KeyHistoryData): void {
    this.snap = { key, history: history ?? this.snap.history };
  }
  /** Replaces the key and remembers the old one as stale. */
  rotate(newKey: string): void {
    const history = rememberKey(this.snap.history ?? emptyKeyHistory(), this.snap.key);
    this.snap = { key: newKey, history };
  }
}
