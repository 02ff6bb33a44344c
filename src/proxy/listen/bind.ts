// Binding: loopback only (127.0.0.1 and ::1, so http://localhost works whichever address
// localhost resolves to) unless LAN access is on (all interfaces).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export class ListenError extends Error {
  constructor(
    readonly code: string,
    readonly port: number,
    message: string,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

export function listenHosts(allowLanAccess: boolean): string[] {
  return allowLanAccess ? ['::'] : ['127.0.0.1', '::1'];
}

function listenOne(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, exclusive: true });
  });
}

/** Resolves when the server has closed; for one already draining, when its last connection ends. */
export function closeServer(s: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (s.listening) s.close(() => resolve());
    else s.once('close', () => resolve());
  });
}

const NO_FAMILY = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EPROTONOSUPPORT']);

/**
 * Listens on every host with one port. `port` 0 picks a free port (retrying when the second
 * address family has it taken). Hosts whose address family the machine lacks are skipped.
 */
export async function listenAll(
  makeServer: () => http.Server,
  hosts: string[],
  port: number,
  busyRetries = 0,
): Promise<{ servers: http.Server[]; port: number; hosts: string[] }> {
  for (let attempt = 0; attempt < 5 + busyRetries; attempt++) {
    const servers: http.Server[] = [];
    const bound: string[] = [];
    let chosen = port;
    try {
      for (const wanted of hosts) {
        let host = wanted;
        const s = makeServer();
        try {
          chosen = await listenOne(s, host, chosen);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code ?? '';
          if (!NO_FAMILY.has(code)) throw e;
          // No IPv6 on this machine: '::' becomes IPv4's any-address, ::1 is skipped.
          if (host !== '::') continue;
          host = '0.0.0.0';
          chosen = await listenOne(s, host, chosen);
        }
        servers.push(s);
        bound.push(host);
      }
      return { servers, port: chosen, hosts: bound };
    } catch (e) {
      await Promise.all(servers.map(closeServer));
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EADDRINUSE' && port === 0 && bound.length > 0) continue; // other family had it: pick again
      if (err.code === 'EADDRINUSE' && attempt < busyRetries) {
        // Rebinding the same port: the old listener may need a moment to let go.
        await new Promise((r) => setTimeout(r, 25));
        continue;
      }
      if (err.code === 'EADDRINUSE') {
        throw new ListenError(
          'EADDRINUSE',
          port,
          `Port ${port} is already in use by another program. Choose another port (--port / antigravity.port) or stop the program holding it.`,
        );
      }
      if (err.code === 'EACCES') {
        throw new ListenError('EACCES', port, `Not allowed to listen on port ${port} (EACCES). Choose a port above 1024.`);
      }
      throw new ListenError(err.code ?? 'ERROR', port, `Could not listen on port ${port}: ${err.code ?? err.message}.`);
    }
  }
  throw new ListenError('EADDRINUSE', port, 'Could not find a free port on both 127.0.0.1 and ::1.');
}
