// `node --import tsx bench/usage-encoding.ts`: what reading token counts from compressed answers
// would cost (issue 15). The proxy forwards the client's Accept-Encoding, and a gzip or br answer
// hides its `usage` block from the token scanner. Two ways out, measured here on answers shaped
// like the providers' (a chat completion, an Anthropic message, a Gemini answer; streamed as SSE):
//   identity  ask the upstream for `Accept-Encoding: identity` on model routes: the proxy pipes
//             plain bytes (the client is on loopback, where compression buys nothing) and the
//             upstream link carries the uncompressed size;
//   inflate   keep the compression and decompress a copy of every answer only to scan it.
// Prints, per answer, the bytes on the upstream link both ways and the proxy CPU per answer for
// scanning plain bytes vs inflating then scanning.
import zlib from 'node:zlib';
import { UsageScanner } from '../src/proxy/usage/tokens';
import { median, sortNumbers } from './lib/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 400);
// Text that compresses like prose (a fixed pseudo-random pick from a 2,000-word vocabulary), not
// like one word repeated.
let seed = 42;
const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const VOCAB = Array.from({ length: 2000 }, () =>
  Array.from({ length: 2 + Math.floor(rand() * 8) }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join(''),
);
const word = (): string => VOCAB[Math.floor(rand() * VOCAB.length)];
const words = (n: number): string => Array.from({ length: n }, word).join(' ');

function sse(events: unknown[]): string {
  return events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('') + 'data: [DONE]\n\n';
}

const ANSWERS: Record<string, string> = {
  'OpenAI chat, 300 words, JSON': JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-5',
    choices: [{ index: 0, message: { role: 'assistant', content: words(300) }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1234, completion_tokens: 400, total_tokens: 1634 },
  }),
  'OpenAI chat, 300 chunks, SSE': sse([
    ...Array.from({ length: 300 }, () => ({
      id: 'c1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-5',
      choices: [{ index: 0, delta: { content: `${word()} ` }, finish_reason: null }],
    })),
    {
      id: 'c1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-5',
      choices: [],
      usage: { prompt_tokens: 1234, completion_tokens: 300, total_tokens: 1534 },
    },
  ]),
  'Anthropic message, 300 deltas, SSE': [
    `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], usage: { input_tokens: 1234, output_tokens: 1 } } })}\n\n`,
    ...Array.from(
      { length: 300 },
      () =>
        `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `${word()} ` } })}\n\n`,
    ),
    `event: message_delta\ndata: ${JSON.stringify({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 300 } })}\n\n`,
  ].join(''),
  'Gemini, 300 words, JSON': JSON.stringify({
    candidates: [{ content: { role: 'model', parts: [{ text: words(300) }] }, finishReason: 'STOP' }],
    usageMetadata: { promptTokenCount: 1234, candidatesTokenCount: 400, totalTokenCount: 1634 },
  }),
};

/** Splits like a network would: 1,400-byte pieces. */
function chunks(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += 1400) out.push(b.subarray(i, i + 1400));
  return out;
}

function cpuMicros(fn: () => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    out.push(d.user + d.system);
  }
  return sortNumbers(out);
}

function main(): void {
  const rows: string[] = [];
  rows.push(
    '| answer | identity bytes | gzip bytes | br bytes | scan plain (µs) | inflate + scan gzip (µs) | inflate + scan br (µs) |',
    '|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const [name, text] of Object.entries(ANSWERS)) {
    const plain = Buffer.from(text);
    const gz = zlib.gzipSync(plain);
    const br = zlib.brotliCompressSync(plain);
    const plainChunks = chunks(plain);
    const scanPlain = (): void => {
      const s = new UsageScanner();
      for (const c of plainChunks) s.push(c);
      if (!s.counts()) throw new Error(`no usage in ${name}`);
    };
    // A streaming inflater per answer, fed the compressed pieces as they would arrive.
    const scanInflated = (compressed: Buffer, inflate: (b: Buffer) => Buffer): (() => void) => {
      const pieces = chunks(compressed);
      return () => {
        const s = new UsageScanner();
        s.push(inflate(Buffer.concat(pieces)));
        if (!s.counts()) throw new Error(`no usage in ${name}`);
      };
    };
    const a = median(cpuMicros(scanPlain));
    const b = median(cpuMicros(scanInflated(gz, (x) => zlib.gunzipSync(x))));
    const c = median(cpuMicros(scanInflated(br, (x) => zlib.brotliDecompressSync(x))));
    rows.push(`| ${name} | ${plain.length} | ${gz.length} | ${br.length} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${c.toFixed(0)} |`);
  }
  process.stdout.write(`usage-encoding: ${ROUNDS} rounds, medians of CPU time (user + system) per answer\n\n${rows.join('\n')}\n`);
}

main();
