// A loopback port where connecting hangs: the TCP handshake is never completed, as with an upstream
// behind a firewall that drops packets. A listening socket that never accepts, whose accept queue
// is already full: Linux then drops every further SYN (tcp_conn_request: "acceptq full -> drop"),
// so the client sits in SYN_SENT. Node always accepts on a listening socket while its event loop
// runs, so the listener lives in a worker thread whose loop is blocked (Atomics.wait) until the
// test ends; the queue (backlog 1: two connections on Linux) is filled by connections of our own.
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import type { TestContext } from 'node:test';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const flag = new Int32Array(workerData);
const server = net.createServer(() => undefined);
server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  // Block this thread's event loop: nothing is accepted until the test releases it (bounded).
  Atomics.wait(flag, 0, 0, 60000);
  server.close();
});
`;

function connects(port: number, withinMs: number): Promise<{ socket: net.Socket; connected: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    const timer = setTimeout(() => resolve({ socket, connected: false }), withinMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ socket, connected: true });
    });
  });
}

/** Starts the listener, fills its queue and checks that a further connection really hangs. */
export async function startHangingListener(t: TestContext): Promise<number> {
  const flag = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER, { eval: true, workerData: flag });
  const sockets: net.Socket[] = [];
  t.after(async () => {
    for (const s of sockets) s.destroy();
    Atomics.store(new Int32Array(flag), 0, 1);
    Atomics.notify(new Int32Array(flag), 0);
    await worker.terminate();
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  // Fill the accept queue: connections complete until it is full, then one hangs (at most 8 tries).
  for (let i = 0; i < 8; i++) {
    const c = await connects(port, 500);
    sockets.push(c.socket);
    if (!c.connected) return port;
  }
  throw new Error(`connections to 127.0.0.1:${port} kept completing: the accept queue never filled`);
}
