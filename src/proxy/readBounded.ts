// The one bounded reader: a whole body into memory, never more than a limit, for client request
// bodies (maxBodyBytes) and upstream answers alike (a translated answer, an error body, a 429's
// hints, a models list). A stream that stops early or grows past the limit rejects with the
// caller's error, in the caller's terms (413 for a client, 502 for an upstream).
import type { Readable } from 'node:stream';
import type { ProxyError } from './errors';

export interface ReadOptions {
  /** Most bytes read. */
  limit: number;
  /** The error for a body over the limit; without one the first `limit` bytes are kept and the rest drained. */
  tooLarge?: () => ProxyError;
  /** Over the limit: stop reading and keep the connection usable for an answer ('drain', a client's body) or close it ('destroy'). */
  overflow?: 'drain' | 'destroy';
  /** The error for a body that stops before its end (the connection reset, or ended by a timer). */
  failed: () => ProxyError;
  /** Gives up after this long (0 = never), with `failed`. */
  timeoutMs?: number;
  /** Asked for each chunk's size before it is kept (a memory budget): an error stops reading, as `tooLarge` does. */
  take?: (bytes: number) => ProxyError | undefined;
}

export function readBounded(stream: Readable, o: ReadOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let kept = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: ProxyError | undefined): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onFailed);
      stream.off('close', onClose);
      stream.off('aborted', onFailed);
      if (err) reject(err);
      else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, kept));
    };
    const onData = (c: Buffer): void => {
      size += c.length;
      const refused = size <= o.limit ? o.take?.(c.length) : undefined;
      if (refused) {
        finish(refused);
        if (o.overflow === 'drain') stream.resume();
        else stream.destroy();
        return;
      }
      if (size <= o.limit) {
        chunks.push(c);
        kept = size;
        return;
      }
      if (!o.tooLarge) {
        if (kept < o.limit) {
          chunks.push(c.subarray(0, o.limit - kept));
          kept = o.limit;
        }
        return;
      }
      const e = o.tooLarge();
      finish(e);
      if (o.overflow === 'drain') stream.resume();
      else stream.destroy();
    };
    const onEnd = (): void => finish(undefined);
    const onFailed = (): void => finish(o.failed());
    // 'close' without 'end': the stream was cut (for an upstream answer, its transport says why).
    const onClose = (): void => finish(o.failed());
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onFailed);
    stream.once('close', onClose);
    stream.once('aborted', onFailed);
    if (o.timeoutMs) {
      timer = setTimeout(() => {
        finish(o.failed());
        stream.destroy();
      }, o.timeoutMs);
    }
  });
}
