// The test suite's own port helpers (test/ports.ts): a "closed" port must stay closed and a
// "free" port must be bindable where the proxy binds, whatever servers the tests start meanwhile on
// port 0. A port taken from port 0 and released once went to the next proxy a test started, which
// then answered its own refused upstream with 508 proxy_loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { closedPort, ephemeralPorts, freePort } from '../ports';

function connectError(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

test('closedPort: refused, and outside the range port 0 hands out', async () => {
  const port = await closedPort();
  assert.ok(port < ephemeralPorts()[0] && port >= 1024, `port ${port}`);
  assert.equal(await connectError(port), 'ECONNREFUSED');
  // Servers on port 0 never get it, however many start.
  const servers = await Promise.all(
    Array.from(
      { length: 20 },
      () =>
        new Promise<net.Server>((r) => {
          const s = net.createServer().listen(0, '127.0.0.1', () => r(s));
        }),
    ),
  );
  try {
    for (const s of servers) assert.notEqual((s.address() as net.AddressInfo).port, port);
    assert.equal(await connectError(port), 'ECONNREFUSED');
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
});

test("freePort: bindable on 127.0.0.1 and ::1, below closedPort's ports", async () => {
  const [port, closed] = [await freePort(), await closedPort()];
  assert.ok(port >= 1024 && port < closed, `free ${port}, closed ${closed}`);
  for (const host of ['127.0.0.1', '::1']) {
    const s = net.createServer();
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen({ port, host, exclusive: true }, () => resolve());
    });
    await new Promise((r) => s.close(r));
  }
});
