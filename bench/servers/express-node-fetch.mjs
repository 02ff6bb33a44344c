// Yardstick: Express 5 + node-fetch 3 (the design card's library), with a keep-alive agent and
// compress: false (otherwise node-fetch decodes gzip and the framing headers no longer match).
import http from 'node:http';
import express from 'express';
import fetch from 'node-fetch';

const base = process.env.BENCH_UPSTREAM.replace(/\/+$/, '');
const agent = new http.Agent({ keepAlive: true, scheduling: 'lifo' });
const HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);
const app = express();
app.disable('x-powered-by');
app.use(express.raw({ type: () => true, limit: '100mb' }));
app.all('/{*rest}', async (req, res) => {
  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k)) headers[k] = v;
  try {
    const up = await fetch(base + req.originalUrl, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : req.body,
      agent,
      compress: false,
    });
    const out = {};
    up.headers.forEach((v, k) => {
      if (!HOP.has(k)) out[k] = v;
    });
    res.writeHead(up.status, out);
    res.flushHeaders();
    up.body.pipe(res);
  } catch {
    if (!res.headersSent) res.status(502);
    res.end();
  }
});
const server = http.createServer({ keepAlive: true }, app);
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`Listening on http://127.0.0.1:${server.address().port} (express + node-fetch)\n`);
});
process.on('SIGTERM', () => process.exit(0));
