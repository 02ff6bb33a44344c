// The fake upstream the benchmark measures against: an OpenAI-compatible /v1/chat/completions that
// answers about 1 KB of JSON, or (with "stream": true) an SSE stream of 200 chunks of about 100 B.
// The model name picks the gap between chunks: "bench-sse-gap-5" -> 5 ms, "bench-sse-gap-0" ->
// back to back (one event-loop turn apart, so each chunk is its own write).
import http from 'node:http';

const CHUNKS = Number(process.env.BENCH_SSE_CHUNKS ?? 200);
const content = 'The quick brown fox jumps over the lazy dog. '.repeat(16).slice(0, 700);
const JSON_BODY = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1700000000,
    model: 'bench-json',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 150, total_tokens: 162 },
  }),
);
// About 100 B per event. The text carries the upstream's send time (epoch ms, same clock for every
// process here), so the client can tell how long each chunk spent inside the proxy: a proxy that
// buffers shows up as chunk delays near the stream's whole length.
const now = () => (performance.timeOrigin + performance.now()).toFixed(1);
const chunk = (i) =>
  `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"tok${i}@${now()} "}}]}\n\n`;
const FINAL = Buffer.from(
  'data: {"id":"chatcmpl-b","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":200,"total_tokens":212}}\n\ndata: [DONE]\n\n',
);

function stream(res, gapMs) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    if (i < CHUNKS) {
      res.write(chunk(i++));
      if (gapMs > 0) setTimeout(next, gapMs);
      else setImmediate(next);
    } else {
      res.end(FINAL);
    }
  };
  next();
}

const server = http.createServer({ keepAlive: true }, (req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    if (req.method === 'GET' && req.url.startsWith('/v1/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"object":"list","data":[{"id":"bench-json","object":"model","created":1,"owned_by":"bench"}]}');
      return;
    }
    let body = {};
    try {
      body = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      /* answer JSON */
    }
    if (body.stream === true) {
      const m = /gap-(\d+)/.exec(String(body.model));
      stream(res, m ? Number(m[1]) : 0);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': JSON_BODY.length });
    res.end(JSON_BODY);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`Listening on http://127.0.0.1:${server.address().port} (fake upstream)\n`);
});
process.on('SIGTERM', () => process.exit(0));
