// An upstream answer's body with its Content-Encoding undone, for the answers the proxy reads
// itself (an error body it redacts before passing it on, a 429's hints, a translated answer). A
// client's Accept-Encoding goes upstream on pass-through, so a provider may gzip its error: read
// raw, its JSON would not parse and a key it echoes could not be found (issue 12). Answers piped
// to the client as they are keep their encoding untouched.
import zlib from 'node:zlib';
import type { Readable, Transform } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';

type Decoder = () => Transform;

const DECODERS: Readonly<Record<string, Decoder>> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  // RFC 9110 8.4.1.2: "deflate" is the zlib format.
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
  // zstd needs Node 22.15+; without it an answer in zstd is reported as unreadable.
  ...(typeof (zlib as { createZstdDecompress?: Decoder }).createZstdDecompress === 'function'
    ? { zstd: (zlib as unknown as { createZstdDecompress: Decoder }).createZstdDecompress }
    : {}),
};

/** The codings applied, in the order they were applied (RFC 9110 8.4); [] for none or identity. */
export function contentCodings(headers: IncomingHttpHeaders): string[] {
  const v = headers['content-encoding'];
  if (!v) return [];
  return v
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

/**
 * The body decoded, or `{ unsupported }` naming a coding the proxy cannot undo. Errors of a
 * decoder (corrupt data) surface as the returned stream's 'error'.
 */
export function decodedBody(body: Readable, headers: IncomingHttpHeaders): Readable | { unsupported: string } {
  const codings = contentCodings(headers);
  let out: Readable = body;
  // The last coding applied is undone first.
  for (const c of [...codings].reverse()) {
    const make = DECODERS[c];
    if (!make) return { unsupported: c };
    const d = make();
    const from = out;
    // pipe() forwards neither an error nor a cut: a body that stops early fails the decoder too.
    from.once('error', (e) => d.destroy(e));
    from.once('close', () => {
      if (!d.writableEnded) d.destroy(new Error('the answer stopped before its end'));
    });
    out = from.pipe(d);
  }
  return out;
}
