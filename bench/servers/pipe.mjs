// Yardstick: the minimal node:http pipe proxy (about the fastest a Node proxy can be). No routing,
// no auth, no header hygiene beyond Host: the practical limit the other designs are compared to.
import http from 'node:http';

const target = new URL(process.env.BENCH_UPSTREAM);
const agent = new http.Agent({ keepAlive: true, scheduling: 'lifo' });

const server = http.createServer({ keepAlive: true }, (req, res) => {
  const headers = { ...req.headers };
  delete headers.host;
  delete headers.connection;
  const up = http.request({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (upRes) => {
    res.writeHead(upRes.statusCode, upRes.headers);
    upRes.pipe(res);
  });
  up.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  res.on('close', () => {
    if (!res.writableFinished) up.destroy();
  });
  req.pipe(up);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`Listening on http://127.0.0.1:${server.address().port} (bare pipe)\n`);
});
process.on('SIGTERM', () => process.exit(0));
