// An upstream answer's body, from the HTTP client (client.ts) to whoever takes it: on the
// pass-through hot path its chunks go straight into the client's response (a sink: no Readable,
// no pipe(), no listeners per chunk); readers that want a stream (translation, error bodies, a
// 429's hints) get a Readable made on demand. Chunks that arrive before a taker attaches wait in
// a queue, and the upstream connection is paused while a taker is full: backpressure end to end,
// and nothing is ever buffered beyond the queue's limit.
import { Readable } from 'node:stream';

/** The client's control over the upstream connection. */
export interface Flow {
  pause(): void;
  resume(): void;
}

/** Where the chunks go. */
export interface BodySink {
  /** One chunk; false when the sink is full (the body pauses until `AnswerBody.resume()`). */
  write(chunk: Buffer): boolean;
  /** No more chunks: `complete` unless the body stopped before its end. */
  end(complete: boolean): void;
}

/** A Readable with the flag node:http's IncomingMessage has: the whole body arrived. */
export type BodyStream = Readable & { complete: boolean };

/** Bytes held while nobody has taken the body yet; more pauses the upstream. */
const QUEUE_LIMIT = 64 * 1024;

export class AnswerBody {
  /** The whole body arrived (set before the taker hears the end). */
  complete = false;
  private ended = false;
  private queue: Buffer[] = [];
  private queued = 0;
  private sink: BodySink | undefined;
  private stream: BodyStream | undefined;

  constructor(private readonly flow: Flow) {}

  // ---- the client's side --------------------------------------------------------------------

  push(chunk: Buffer): void {
    if (this.sink) {
      if (!this.sink.write(chunk)) this.flow.pause();
      return;
    }
    this.queue.push(chunk);
    this.queued += chunk.length;
    if (this.queued >= QUEUE_LIMIT) this.flow.pause();
  }

  /** The body ended: all of it (`complete`), or cut, timed out or aborted. Later calls are ignored. */
  end(complete: boolean): void {
    if (this.ended) return;
    this.ended = true;
    this.complete = complete;
    this.sink?.end(complete);
  }

  // ---- the taker's side ---------------------------------------------------------------------

  /** Sends every chunk (queued ones first) to `sink`. One taker per body. */
  attach(sink: BodySink): void {
    if (this.sink) throw new Error('the answer body has a taker already');
    this.sink = sink;
    const queue = this.queue;
    this.queue = [];
    this.queued = 0;
    let full = false;
    for (const chunk of queue) if (!sink.write(chunk)) full = true;
    if (this.ended) sink.end(this.complete);
    else if (!full) this.flow.resume();
    else this.flow.pause();
  }

  /** The sink has room again. */
  resume(): void {
    this.flow.resume();
  }

  /** The body as a Readable, made on first use (readers that want a stream). */
  get readable(): BodyStream {
    if (!this.stream) {
      const stream = new Readable({ read: () => this.resume() }) as BodyStream;
      stream.complete = false;
      this.stream = stream;
      this.attach({
        write: (chunk) => stream.push(chunk),
        end: (complete) => {
          stream.complete = complete;
          if (complete) stream.push(null);
          // Cut: 'close' without 'end', as IncomingMessage does; the reason is the transport's.
          else stream.destroy();
        },
      });
    }
    return this.stream;
  }

  /** Nobody wants the rest: read and drop it, so the connection can be reused. */
  discard(): void {
    if (this.sink) return;
    this.attach({ write: () => true, end: () => undefined });
  }
}
