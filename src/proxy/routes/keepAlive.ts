// SSE keep-alive: `: ping` comments while a stream waits on the upstream, so a client's stall
// watchdog does not fire (Claude Code "Waiting for API response... will retry", Agent Maestro
// #227). They must be comments, not events: clients ignore comments. One interval timer per
// stream; the stream sets `flowing` when data passes (a field write, no per-chunk timer work:
// PERF-NOTES, timer wake-ups cost 45-100 µs), and a tick with no data since the last one pings.
import type { ServerResponse } from 'node:http';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
} as const;

export class SseKeepAlive {
  /** Set by the stream whenever it writes data. */
  flowing = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly res: ServerResponse,
    intervalMs: number,
  ) {
    if (intervalMs > 0) {
      this.timer = setInterval(() => this.tick(), intervalMs);
      this.timer.unref();
      res.once('close', () => this.stop());
    }
  }

  private tick(): void {
    if (this.flowing) {
      this.flowing = false;
      return;
    }
    if (this.res.writableEnded || this.res.destroyed) return this.stop();
    // Committing to 200 here means a later upstream error arrives as an error event in the
    // stream (each encoder has one) rather than as an HTTP status.
    if (!this.res.headersSent) this.res.writeHead(200, SSE_HEADERS);
    this.res.write(': ping\n\n');
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
