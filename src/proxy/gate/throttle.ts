// Brute-force throttle (issue 7, redesigned in issue 12): wrong keys from the network are bounded
// without ever refusing a client that presents the right key because of someone else's failures.
//  - Per address, exactly: an address that presents 20 wrong keys within a minute is refused (429
//    with Retry-After, whatever it sends, the right key included: its own guesses must not learn
//    anything) for a minute, doubling on repeat up to 15 minutes. Only that address: grouping
//    IPv6 peers by /64 refused an innocent neighbour with the right key, and let a client that
//    rotates /64s go free.
//  - Under pressure, for everyone: when wrong keys from all network addresses together pass a
//    limit in the window (an attacker rotating addresses, each under its own limit), every wrong
//    key's 401 is held back for `tarpitMs` before it is sent. The right key is answered at once.
//    Guesses then cost a held connection each, and the connection caps (listen/limits.ts) bound
//    the connections, so the guessing rate is bounded however many addresses are used.
//  - Memory is bounded (`capacity` addresses), and a flood of new addresses cannot evict a block
//    in force: the least recently seen address that is not blocked is forgotten first (that only
//    forgives a few of its failures); with the table full of blocks, a new address is not tracked
//    alone, but the pressure rule still holds it back.
// Loopback is never throttled: a local mistake must stay diagnosable, and local code could read
// the key file anyway. The address is the socket's peer address only; X-Forwarded-For and the
// like are never trusted (any client can send them). README "Security" has the trade-offs.
import type { ServerResponse } from 'node:http';
import type { Protocol } from '../errors';
import { sendError } from '../respond';
import { canonicalAddress, isLoopback } from '../loopback';

export interface ThrottleOptions {
  /** Failed attempts of one address within `windowMs` that trigger a block. */
  maxFailures?: number;
  windowMs?: number;
  /** First block; each further block of the same address doubles it, up to `maxBlockMs`. */
  blockMs?: number;
  maxBlockMs?: number;
  /** Most addresses remembered (blocked ones included). */
  capacity?: number;
  /** Failed attempts of all network addresses together within `windowMs` that mean pressure. */
  pressureFailures?: number;
  /** Under pressure, how long the answer to a wrong key is held back. */
  tarpitMs?: number;
  now?: () => number;
  /** Peers never throttled; default: loopback (a local mistake must stay diagnosable). */
  exempt?: (address: string) => boolean;
}

interface Entry {
  failures: number;
  windowStart: number;
  blockedUntil: number;
  /** Blocks so far, for the doubling. */
  strikes: number;
  lastReason: string;
}

/** Loopback peers are never throttled (the shared check, under the name the tests know). */
export const isLoopbackAddress = isLoopback;

/** The address an entry is kept under: the address itself, in one spelling. */
export const throttleKey = canonicalAddress;

/** Expired blocks are looked for at most this often when the table is full of blocks. */
const PURGE_EVERY_MS = 1000;

export class AuthThrottle {
  /** Addresses with failures but no block in force, least recently seen first (Map order). */
  private readonly counting = new Map<string, Entry>();
  /** Addresses with a block in force (or one that ended and was not looked at since): never evicted. */
  private readonly blockedEntries = new Map<string, Entry>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly blockMs: number;
  private readonly maxBlockMs: number;
  private readonly capacity: number;
  private readonly pressureFailures: number;
  private readonly tarpitMs: number;
  private readonly now: () => number;
  private readonly exempt: (address: string) => boolean;
  /** Wrong keys of all network addresses in the current window. */
  private recent = 0;
  private recentStart = -Infinity;
  /** Pressure lasts until this time (the end of the window after the one that passed the limit). */
  private pressureUntil = 0;
  private purgedAt = -Infinity;

  constructor(o: ThrottleOptions = {}) {
    this.maxFailures = o.maxFailures ?? 20;
    this.windowMs = o.windowMs ?? 60_000;
    this.blockMs = o.blockMs ?? 60_000;
    this.maxBlockMs = o.maxBlockMs ?? 15 * 60_000;
    this.capacity = o.capacity ?? 10_000;
    this.pressureFailures = o.pressureFailures ?? 100;
    this.tarpitMs = o.tarpitMs ?? 2_000;
    this.now = o.now ?? Date.now;
    this.exempt = o.exempt ?? isLoopbackAddress;
  }

  /** Addresses remembered. */
  get size(): number {
    return this.counting.size + this.blockedEntries.size;
  }

  /** While this address is blocked: the seconds left and the reason of its last failure. */
  blocked(address: string): { retryAfterS: number; lastReason: string } | undefined {
    if (this.blockedEntries.size === 0 || this.exempt(address)) return undefined;
    const key = throttleKey(address);
    const e = this.blockedEntries.get(key);
    if (!e) return undefined;
    const left = e.blockedUntil - this.now();
    if (left > 0) return { retryAfterS: Math.ceil(left / 1000), lastReason: e.lastReason };
    this.unblock(key, e);
    return undefined;
  }

  /**
   * How long to hold back the answer to a wrong key from this address: `tarpitMs` while wrong
   * keys from the network as a whole pass the pressure limit, else 0. Never for the right key.
   */
  penaltyMs(address: string): number {
    return this.pressureUntil > this.now() && !this.exempt(address) ? this.tarpitMs : 0;
  }

  /** Records a failed authentication. Returns the block's seconds when this failure started one. */
  failure(address: string, reason: string): number | undefined {
    if (this.exempt(address)) return undefined;
    const now = this.now();
    this.countPressure(now);
    const key = throttleKey(address);
    let e = this.blockedEntries.get(key);
    if (e) {
      // Blocked addresses are refused before auth; a failure here means the block just ended.
      if (e.blockedUntil > now) return undefined;
      this.unblock(key, e);
    }
    e = this.counting.get(key);
    if (e) {
      this.counting.delete(key); // re-inserted below: Map order is the LRU order
    } else {
      if (!this.makeRoom(now)) return undefined;
      e = { failures: 0, windowStart: now, blockedUntil: 0, strikes: 0, lastReason: reason };
    }
    e.lastReason = reason;
    if (now - e.windowStart > this.windowMs) {
      e.failures = 0;
      e.windowStart = now;
    }
    e.failures++;
    if (e.failures < this.maxFailures) {
      this.counting.set(key, e);
      return undefined;
    }
    const ms = Math.min(this.maxBlockMs, this.blockMs * 2 ** e.strikes);
    e.strikes++;
    e.failures = 0;
    e.windowStart = now + ms;
    e.blockedUntil = now + ms;
    this.blockedEntries.set(key, e);
    return Math.ceil(ms / 1000);
  }

  /** A successful authentication clears the address's count (not a block in force). */
  success(address: string): void {
    if (this.counting.size === 0) return;
    this.counting.delete(throttleKey(address));
  }

  private countPressure(now: number): void {
    if (now - this.recentStart > this.windowMs) {
      this.recent = 0;
      this.recentStart = now;
    }
    if (++this.recent >= this.pressureFailures) this.pressureUntil = this.recentStart + 2 * this.windowMs;
  }

  /** A block that ended: the address goes back to counting, its strikes kept for the doubling. */
  private unblock(key: string, e: Entry): void {
    this.blockedEntries.delete(key);
    e.blockedUntil = 0;
    if (this.size < this.capacity) this.counting.set(key, e);
  }

  /** Frees a place for a new address; false when every place holds a block in force. */
  private makeRoom(now: number): boolean {
    if (this.size < this.capacity) return true;
    const oldest = this.counting.keys().next();
    if (!oldest.done) {
      this.counting.delete(oldest.value);
      return true;
    }
    // Full of blocks: drop the ones that ended (at most once a second: a flood must not make
    // every failure scan the table).
    if (now - this.purgedAt < PURGE_EVERY_MS) return false;
    this.purgedAt = now;
    for (const [k, e] of this.blockedEntries) if (e.blockedUntil <= now) this.blockedEntries.delete(k);
    return this.size < this.capacity;
  }
}

/** The 429 a blocked address gets, in the client's protocol, saying why and for how long. */
export function sendThrottled(res: ServerResponse, protocol: Protocol, b: { retryAfterS: number; lastReason: string }): void {
  sendError(
    res,
    protocol,
    429,
    'too_many_auth_failures',
    `Too many failed authentication attempts from your address (the last one: ${b.lastReason}). Requests from it are refused for ${b.retryAfterS} s; fix the client's key meanwhile (the 401 before this one said what was wrong).`,
    { 'retry-after': String(b.retryAfterS) },
  );
}
