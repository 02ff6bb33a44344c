// Yardstick: Express 5 + http-proxy-middleware with a keep-alive agent (what most Express proxies
// use; without the agent it opens a TCP connection per request and costs twice as much).
import http from 'node:http';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

const agent = new http.Agent({ keepAlive: true, scheduling: 'lifo' });
const app = express();
app.disable('x-powered-by');
app.use(createProxyMiddleware({ target: process.env.BENCH_UPSTREAM, changeOrigin: true, agent }));
const server = http.createServer({ keepAlive: true }, app);
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`Listening on http://127.0.0.1:${server.address().port} (express + http-proxy-middleware)\n`);
});
process.on('SIGTERM', () => process.exit(0));
