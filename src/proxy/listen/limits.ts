// The connection caps (issue 12): without them 1,100 slow keyless connections made an authorised
// request fail (file descriptors ran out). One count across every listening socket of the proxy:
//  - at most `maxConnections` open at once (each proxied one also holds an upstream socket: about
//    two file descriptors per connection);
//  - network (non-loopback) peers together at most half of it, so a LAN flood never takes the
//    budget of this machine's own clients;
//  - one network address at most `maxConnectionsPerPeer`.
// A connection over a cap is answered at once with a fixed 503 (its protocol is not known yet:
// nothing of the request has been read) and closed; it never reaches the request handler. The
// refusals are logged as one warning a second at most, with how many came since the last one.
// The process's descriptor limit is read where the system tells it (Linux), to warn at start when
// maxConnections could not be honoured.
import fs from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import { ERROR_CODES } from '../errors';
import { errorBody } from '../respond';
import { canonicalAddress, isLoopback } from '../loopback';

export interface ConnectionLimits {
  maxConnections: number;
  maxConnectionsPerPeer: number;
}

const { status, message } = ERROR_CODES.too_many_connections;
const REFUSAL_BODY = JSON.stringify(errorBody('openai', status, 'too_many_connections', message));
const REFUSAL = `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(REFUSAL_BODY)}\r\nretry-after: 1\r\nconnection: close\r\n\r\n${REFUSAL_BODY}`;
/** A refused connection whose client does not close after the 503 is closed after this. */
const REFUSED_LINGER_MS = 2_000;

export type Refusal = 'total' | 'network' | 'peer';

export class ConnectionCaps {
  private total = 0;
  private network = 0;
  private readonly perPeer = new Map<string, number>();
  /** Connections refused; their requests are never handled. */
  readonly refused = new WeakSet<object>();

  /** Refusals since the last warning, and when that was (Date.now()). */
  private refusedSince = 0;
  private warnedAt = -Infinity;

  constructor(
    private readonly limits: () => ConnectionLimits,
    /** Where the warning about refusals goes: one line a second at most, with the count since the last one. */
    private readonly warn: (line: string) => void = () => undefined,
  ) {}

  get open(): number {
    return this.total;
  }

  private refusedOver(why: Refusal, address: string): void {
    this.refusedSince++;
    const now = Date.now();
    if (now - this.warnedAt < 1000) return;
    const l = this.limits();
    const cap =
      why === 'total'
        ? `maxConnections ${l.maxConnections}`
        : why === 'network'
          ? `half of maxConnections (${Math.floor(l.maxConnections / 2)}) for network peers`
          : `maxConnectionsPerPeer ${l.maxConnectionsPerPeer}`;
    this.warn(`Refused ${this.refusedSince} connection(s) over ${cap} (the last from ${address}; ${this.total} open)`);
    this.refusedSince = 0;
    this.warnedAt = now;
  }

  /** A new connection: counted until it closes, or refused with a 503. */
  readonly admit = (socket: Socket): void => {
    const address = socket.remoteAddress ?? '';
    const why = this.over(address);
    if (why) {
      this.refused.add(socket);
      this.refusedOver(why, address);
      socket.end(REFUSAL);
      socket.setTimeout(REFUSED_LINGER_MS, () => socket.destroy());
      return;
    }
    const peer = isLoopback(address) ? undefined : canonicalAddress(address);
    this.total++;
    if (peer !== undefined) {
      this.network++;
      this.perPeer.set(peer, (this.perPeer.get(peer) ?? 0) + 1);
    }
    socket.once('close', () => {
      this.total--;
      if (peer === undefined) return;
      this.network--;
      const n = (this.perPeer.get(peer) ?? 1) - 1;
      if (n > 0) this.perPeer.set(peer, n);
      else this.perPeer.delete(peer);
    });
  };

  private over(address: string): Refusal | undefined {
    const l = this.limits();
    if (this.total >= l.maxConnections) return 'total';
    if (isLoopback(address)) return undefined;
    if (this.network >= Math.floor(l.maxConnections / 2)) return 'network';
    if ((this.perPeer.get(canonicalAddress(address)) ?? 0) >= l.maxConnectionsPerPeer) return 'peer';
    return undefined;
  }
}

/**
 * The file descriptors maxConnections may need. Measured (README "Limits"): two per proxied
 * connection (the client's socket and the upstream's) and about 20 for the idle process; 64 kept
 * for files and the rest.
 */
export function descriptorsNeeded(maxConnections: number): number {
  return 2 * maxConnections + 64;
}

/** How many descriptors this process may open (Node raises its soft limit to the hard one), where Linux says; else undefined. */
export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
