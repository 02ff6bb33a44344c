// Brute-force throttle (issue 7): an address that keeps presenting wrong keys gets 429 with
// Retry-After for a while, whatever it sends. Loopback is never throttled: a local mistake must stay
// diagnosable, and local code could read the key file anyway. The address is the socket's peer
// address only; X-Forwarded-For and the like are never trusted (any client can send them).
// Memory is bounded: at most `capacity` addresses, least recently seen evicted first. IPv6 peers
// are counted per /64, the block a single host usually controls.
import { isIP } from 'node:net';
import type { ServerResponse } from 'node:http';
import type { Protocol } from '../errors';
import { sendError } from '../respond';
import { isLoopback } from '../loopback';

export interface ThrottleOptions {
  /** Failed attempts within `windowMs` that trigger a block. */
  maxFailures?: number;
  windowMs?: number;
  /** First block; each further block of the same address doubles it, up to `maxBlockMs`. */
  blockMs?: number;
  maxBlockMs?: number;
  /** Most addresses remembered. */
  capacity?: number;
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

/** The bucket an address is counted in: the IPv4 address, or the /64 of an IPv6 address. */
export function throttleKey(address: string): string {
  if (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4) return address.slice(7);
  if (isIP(address) !== 6) return address;
  const zone = address.indexOf('%');
  const a = (zone < 0 ? address : address.slice(0, zone)).toLowerCase();
  const [head, tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = a.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = a.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':') + '::/64';
}

export class AuthThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly blockMs: number;
  private readonly maxBlockMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly exempt: (address: string) => boolean;

  constructor(o: ThrottleOptions = {}) {
    this.maxFailures = o.maxFailures ?? 20;
    this.windowMs = o.windowMs ?? 60_000;
    this.blockMs = o.blockMs ?? 60_000;
    this.maxBlockMs = o.maxBlockMs ?? 15 * 60_000;
    this.capacity = o.capacity ?? 10_000;
    this.now = o.now ?? Date.now;
    this.exempt = o.exempt ?? isLoopbackAddress;
  }

  get size(): number {
    return this.entries.size;
  }

  /** While this address is blocked: the seconds left and the reason of its last failure. */
  blocked(address: string): { retryAfterS: number; lastReason: string } | undefined {
    if (this.entries.size === 0 || this.exempt(address)) return undefined;
    const e = this.entries.get(throttleKey(address));
    if (!e) return undefined;
    const left = e.blockedUntil - this.now();
    return left > 0 ? { retryAfterS: Math.ceil(left / 1000), lastReason: e.lastReason } : undefined;
  }

  /** Records a failed authentication. Returns the block's seconds when this failure started one. */
  failure(address: string, reason: string): number | undefined {
    if (this.exempt(address)) return undefined;
    const key = throttleKey(address);
    const now = this.now();
    let e = this.entries.get(key);
    if (e) {
      this.entries.delete(key); // re-insert below: Map order is our LRU order
    } else {
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
      e = { failures: 0, windowStart: now, blockedUntil: 0, strikes: 0, lastReason: reason };
    }
    this.entries.set(key, e);
    e.lastReason = reason;
    if (now - e.windowStart > this.windowMs) {
      e.failures = 0;
      e.windowStart = now;
    }
    e.failures++;
    if (e.failures < this.maxFailures) return undefined;
    const ms = Math.min(this.maxBlockMs, this.blockMs * 2 ** e.strikes);
    e.strikes++;
    e.failures = 0;
    e.windowStart = now + ms;
    e.blockedUntil = now + ms;
    return Math.ceil(ms / 1000);
  }

  /** A successful authentication clears the address's count (not a block in force). */
  success(address: string): void {
    if (this.entries.size === 0) return;
    const key = throttleKey(address);
    const e = this.entries.get(key);
    if (e && e.blockedUntil <= this.now()) this.entries.delete(key);
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
