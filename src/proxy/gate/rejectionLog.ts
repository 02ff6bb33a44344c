// A bounded memory of why recent requests were rejected, so that a diagnosis can explain the
// user's real failing client. It holds no key and nothing recognisable of one: only a salted hash
// (salt random per process) that lets the diagnosis group requests sending the same wrong value.
import { randomBytes } from 'node:crypto';
import { saltedHash } from '../keys';
import type { CredentialSource, RejectReason } from './auth';

export interface RejectionRecord {
  time: string;
  remoteAddress: string;
  userAgent: string;
  method: string;
  path: string;
  /** Names of the credential headers present, in the order they were read. */
  credentialSources: CredentialSource[];
  /** The source that was judged. */
  source?: CredentialSource;
  reason: RejectReason;
  /** Salted hash of the judged value, for grouping only. */
  credentialHash?: string;
}

export interface UpstreamAuthFailure {
  time: string;
  upstream: string;
  /** The upstream's answer (401 or 403), or 502 when only the proxy's own answer is known. */
  status: number;
  path: string;
}

/**
 * A request an in-process provider refused because the user has not allowed this proxy to use the
 * model (VS Code's consent: 403 lm_no_permission). Answered 403, never 401, and remembered so that
 * Diagnose 401 can say so (issue 13).
 */
export interface ModelAccessDenial {
  time: string;
  upstream: string;
  /** The provider's model that was refused. */
  model: string;
  /** Who asked (the client's User-Agent, at most 200 characters). */
  userAgent: string;
  path: string;
}

export class RingBuffer<T> {
  private items: T[] = [];
  constructor(private readonly capacity: number) {}
  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }
  /** Newest last. */
  list(): T[] {
    return this.items.slice();
  }
  get size(): number {
    return this.items.length;
  }
  clear(): void {
    this.items = [];
  }
}

export class RejectionLog {
  readonly rejections: RingBuffer<RejectionRecord>;
  readonly upstreamAuthFailures: RingBuffer<UpstreamAuthFailure>;
  readonly modelAccessDenials: RingBuffer<ModelAccessDenial>;
  private readonly salt = randomBytes(16).toString('base64url');
  constructor(capacity = 200) {
    this.rejections = new RingBuffer(capacity);
    this.upstreamAuthFailures = new RingBuffer(Math.max(10, capacity >> 2));
    this.modelAccessDenials = new RingBuffer(Math.max(10, capacity >> 2));
  }
  hash(value: string): string {
    return saltedHash(this.salt, value).slice(0, 16);
  }
}
