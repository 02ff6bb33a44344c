// Loopback ports for tests that must name one before anything listens on it: "nothing listens
// here" (closedPort) and "start the proxy here" (freePort). Both come from below the range the
// kernel hands out for port 0, where every other test server listens: a port taken from port 0
// and released can go to the next server any test starts (a proxy once got the port its test's
// "refused" upstream pointed at, and answered 508 proxy_loop instead of 502). No imports of the
// core: test/vscode/run.ts uses it too.
import fs from 'node:fs';
import net from 'node:net';

/** The ports the kernel hands out for port 0 (Linux's ip_local_port_range; elsewhere the IANA range). */
export function ephemeralPorts(): [number, number] {
  try {
    const [low, high] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low > 0 && high >= low) return [low, high];
  } catch {
    /* not Linux */
  }
  return [49152, 65535];
}

/** Whether a connection to 127.0.0.1:port is refused right now (nothing listens there). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(false);
    });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

/**
 * A loopback port nothing listens on, and that no test server can take while a test uses it: the
 * first port from 2000 below the ephemeral range up that refuses a connection now keeps refusing.
 */
export async function closedPort(): Promise<number> {
  const [low] = ephemeralPorts();
  const first = Math.max(1024, low - 2000);
  for (let port = first; port < first + 50 && port < low; port++) if (await refused(port)) return port;
  throw new Error(`no closed loopback port in ${first}-${Math.min(first + 49, low - 1)}`);
}

/** Whether a server can listen on host:port right now (a machine without that address family counts as yes). */
function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT'));
    s.listen({ port, host, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/**
 * A port free on 127.0.0.1 and ::1 (where the proxy listens), chosen at random below closedPort's
 * ports; never one of `taken`, which gets it added (several ports for one run).
 */
export async function freePort(taken: Set<number> = new Set()): Promise<number> {
  const [low] = ephemeralPorts();
  const first = Math.max(1024, low - 9000);
  const end = Math.max(first + 1, low - 2000);
  for (let i = 0; i < 100; i++) {
    const port = first + Math.floor(Math.random() * (end - first));
    if (taken.has(port)) continue;
    if ((await canListen(port, '127.0.0.1')) && (await canListen(port, '::1'))) {
      taken.add(port);
      return port;
    }
  }
  throw new Error(`no free loopback port in ${first}-${end - 1}`);
}
