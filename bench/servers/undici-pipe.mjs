// Yardstick for the upstream-client choice: the same bare node:http server as pipe.mjs, but
// reaching the upstream through an undici 7 Pool (Pool.stream writes the answer straight into the
// client's response) instead of http.request + a keep-alive Agent.
import http from 'node:http';
import { Pool } from 'undici';

const pool = new Pool(process.env.BENCH_UPSTREAM, { connections: 256, pipelining: 1 });
const HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding']);

const server = http.createServer({ keepAlive: true }, (req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k)) headers[k] = v;
    pool
      .stream({ path: req.url, method: req.method, headers, body: Buffer.concat(parts) }, ({ statusCode, headers: h }) => {
        const out = {};
        for (const [k, v] of Object.entries(h)) if (!HOP.has(k)) out[k] = v;
        res.writeHead(statusCode, out);
        res.flushHeaders();
        return res;
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`Listening on http://127.0.0.1:${server.address().port} (node:http + undici Pool)\n`);
});
process.on('SIGTERM', () => process.exit(0));
