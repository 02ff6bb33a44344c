// SSE keep-alive: `: ping` comments while a stream waits on the upstream, so a client's stall
// watchdog does not fire (Claude Code "Waiting for API response... will retry", Agent Maestro
// #227). They must be comments, not events: clients ignore comments. The stream sets `flowing`
// when data passes (a field write, no per-chunk timer work: PERF-NOTES, timer wake-ups cost
// 45-100 µs), and a tick of its interval with no data since the last one pings. The ticks come
// from one shared timer per interval that checks every open stream (each stream is only added
// to a set): a timer and a 'close' listener per stream took ~16 µs of a stream's way to the
// upstream after a pause (bench/README.md). A tick comes at most a quarter of the interval
// (and at most 250 ms) after it is due.
import type { ServerResponse } from 'node:http';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
} as const;

/** The checks of every open stream with one interval: one timer for all of them. */
class Ticker {
  private readonly streams = new Set<SseKeepAlive>();
  private timer: NodeJS.Timeout | undefined;
  /** A sweep found no stream: the next one that finds none stops the timer. */
  private idle = false;

  constructor(private readonly periodMs: number) {}

  add(s: SseKeepAlive): void {
    this.streams.add(s);
    if (this.timer) return;
    this.idle = false;
    this.timer = setInterval(() => this.sweep(), this.periodMs);
    this.timer.unref();
  }

  delete(s: SseKeepAlive): void {
    this.streams.delete(s);
  }

  private sweep(): void {
    if (this.streams.size === 0) {
      // Kept for one idle period, so that streams one after another do not start a timer each.
      if (this.idle) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
      this.idle = true;
      return;
    }
    this.idle = false;
    const now = performance.now();
    for (const s of this.streams) s.check(now);
  }
}

const tickers = new Map<number, Ticker>();

function tickerFor(intervalMs: number): Ticker {
  let t = tickers.get(intervalMs);
  if (!t) {
    t = new Ticker(Math.max(1, Math.min(250, Math.floor(intervalMs / 4))));
    tickers.set(intervalMs, t);
  }
  return t;
}

export class SseKeepAlive {
  /** Set by the stream whenever it writes data. */
  flowing = false;
  private ticker: Ticker | undefined;
  /** performance.now() when this stream's next tick is due. */
  private due = 0;

  constructor(
    private readonly res: ServerResponse,
    private readonly intervalMs: number,
  ) {
    if (intervalMs > 0) {
      this.due = performance.now() + intervalMs;
      this.ticker = tickerFor(intervalMs);
      this.ticker.add(this);
    }
  }

  /** Called by the shared timer: this stream's tick, once it is due. */
  check(now: number): void {
    if (now < this.due) return;
    this.due = now + this.intervalMs;
    this.tick();
  }

  private tick(): void {
    // The client went away, or the answer is complete: nothing more to keep alive.
    if (this.res.writableEnded || this.res.destroyed) return this.stop();
    if (this.flowing) {
      this.flowing = false;
      return;
    }
    // Committing to 200 here means a later upstream error arrives as an error event in the
    // stream (each encoder has one) rather than as an HTTP status.
    if (!this.res.headersSent) this.res.writeHead(200, SSE_HEADERS);
    this.res.write(': ping\n\n');
  }

  stop(): void {
    this.ticker?.delete(this);
    this.ticker = undefined;
  }
}
