// The budget for request bodies held in memory at once, across all requests (issue 12: with
// maxBodyBytes at 100 MiB and no such bound, 8 concurrent 100 MB translated requests took the
// process, the user's VS Code extension host, to 4.1 GB). A body's bytes are taken from the budget
// as it is read (all of them at once when Content-Length announces them) and given back when its
// request has been answered: the body, its parsed JSON and its translation live that long.
// Beyond the budget a request gets 503 with Retry-After; a body larger than the whole budget can
// never fit and gets 413. `npm run bench:memory` measures what the bytes cost.
import type { ServerResponse } from 'node:http';
import { ProxyError } from '../errors';

/** What a client waits before retrying a request the budget had no room for. */
const RETRY_AFTER_S = 2;

export class BodyBudget {
  private used = 0;

  constructor(private readonly limit: () => number) {}

  /** Bytes held now. */
  get inUse(): number {
    return this.used;
  }

  /**
   * A reservation for one request, given back when `res` closes (answered, or the client gone).
   * `take(n)` adds n bytes, or returns the error to answer with when they do not fit.
   */
  open(res: ServerResponse): { take(n: number): ProxyError | undefined } {
    let held = 0;
    let closed = false;
    res.once('close', () => {
      closed = true;
      this.used -= held;
      held = 0;
    });
    return {
      take: (n) => {
        const limit = this.limit();
        if (held + n > limit) {
          return new ProxyError(
            'request_too_large',
            `The request body is larger than the ${limit} bytes this proxy holds in memory for all requests together (maxBufferedBodyBytes).`,
            { headers: { connection: 'close' } },
          );
        }
        if (this.used + n > limit) {
          return new ProxyError(
            'server_busy',
            `The proxy holds ${this.used} bytes of other requests' bodies in memory; with this one it would pass maxBufferedBodyBytes (${limit}). Retry in a moment.`,
            {
              headers: { 'retry-after': String(RETRY_AFTER_S), connection: 'close' },
            },
          );
        }
        if (closed) return undefined; // given back already: nothing to hold
        this.used += n;
        held += n;
        return undefined;
      },
    };
  }
}
