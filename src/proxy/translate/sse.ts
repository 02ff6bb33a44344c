// An incremental Server-Sent Events parser (WHATWG HTML "event stream interpretation"): fed text
// chunks as they arrive from the upstream, it returns the events completed so far, so a stream is
// translated event by event and never buffered whole. Comments (`: ping`) and `id:`/`retry:` are
// dropped; multi-line `data:` is joined with "\n". The caller decodes UTF-8 across chunk borders
// (IncomingMessage.setEncoding), so a split multi-byte character never reaches this parser.

export interface SseEvent {
  event: string | undefined;
  data: string;
}

export class SseParser {
  private buf = '';
  private event: string | undefined;
  private data: string[] = [];

  push(chunk: string): SseEvent[] {
    const out: SseEvent[] = [];
    this.buf += chunk;
    let start = 0;
    for (;;) {
      const nl = this.buf.slice(start).search(/\r\n|\r|\n/);
      if (nl < 0) break;
      const end = start + nl;
      // A lone "\r" at the end of the chunk may be the first half of "\r\n": wait for more.
      if (this.buf[end] === '\r' && end + 1 === this.buf.length) break;
      const line = this.buf.slice(start, end);
      start = end + (this.buf.startsWith('\r\n', end) ? 2 : 1);
      this.line(line, out);
    }
    this.buf = this.buf.slice(start);
    return out;
  }

  /** Flushes an event not followed by a blank line (some upstreams end the body without one). */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.buf) this.line(this.buf, out);
    this.buf = '';
    this.line('', out);
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      if (this.data.length > 0) out.push({ event: this.event, data: this.data.join('\n') });
      this.event = undefined;
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
  }
}

/** One SSE event as text. */
export function sseEvent(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}
