// The proxy's listening sockets: bind, rebind without dropping requests in flight, stop. The
// server (server.ts) owns the state machine and the logging; this owns the http.Server objects,
// their time limits (a request's headers and the whole request, issue 12) and the connection caps
// every one of them shares (limits.ts).
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import { closeServer, listenAll, listenHosts } from './bind';
import { ERROR_CODES, type ErrorCode } from '../errors';
import { errorBody } from '../respond';
import type { ConnectionCaps } from './limits';
import { ProxyResponse } from './response';

export interface RequestTimeouts {
  /** Time to receive a request's headers, from its first byte. */
  headersTimeoutMs: number;
  /** Time to receive the whole request, body included. */
  requestTimeoutMs: number;
}

/** How often Node looks for requests over their time (its default, 30 s, would add up to that). */
const CHECK_INTERVAL_MS = 1_000;

function applyTimeouts(s: http.Server, t: RequestTimeouts): void {
  s.headersTimeout = t.headersTimeoutMs;
  s.requestTimeout = t.requestTimeoutMs;
}

function clientErrorCode(err: NodeJS.ErrnoException): ErrorCode {
  if (err.code === 'HPE_HEADER_OVERFLOW') return 'headers_too_large';
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'request_timeout';
  return 'bad_request';
}

/**
 * One http.Server per address, answering Node's own parse errors and timeouts (before routing) in
 * JSON, its connections counted against the shared caps. Its responses are ProxyResponses (they
 * remember when the answer began, for the usage record).
 */
export function createHttpServer(onRequest: (req: IncomingMessage, res: ProxyResponse) => void, caps: ConnectionCaps, timeouts: RequestTimeouts): http.Server {
  const typed = http.createServer<typeof IncomingMessage, typeof ProxyResponse>(
    { keepAlive: true, connectionsCheckingInterval: CHECK_INTERVAL_MS, ServerResponse: ProxyResponse },
    (req, res) => {
      // A connection over a cap got its 503 already; whatever it sends is not handled.
      if (!caps.refused.has(req.socket)) onRequest(req, res);
    },
  );
  // Binding and closing do not care which response class the server makes.
  const s = typed as unknown as http.Server;
  s.on('connection', caps.admit);
  // Node's 5 s default closes idle client connections while agents still reuse them; SDK agents
  // keep connections for longer. Idle keep-alive time is not headers time (Node 18+ counts that
  // from a request's first byte).
  s.keepAliveTimeout = 65_000;
  applyTimeouts(s, timeouts);
  s.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable && !socket.destroyed && !caps.refused.has(socket)) {
      const code = clientErrorCode(err);
      const { status, message } = ERROR_CODES[code];
      const body = JSON.stringify(errorBody('openai', status, code, message));
      socket.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    } else {
      socket.destroy();
    }
  });
  return s;
}

export class Listeners {
  private servers: http.Server[] = [];
  /** Closed listeners whose requests in flight are still finishing. */
  private readonly draining = new Set<http.Server>();
  port = 0;
  hosts: string[] = [];

  constructor(private readonly makeServer: () => http.Server) {}

  get listening(): boolean {
    return this.servers.length > 0;
  }

  /** New time limits for every listener, draining ones included (a configuration change). */
  setTimeouts(t: RequestTimeouts): void {
    for (const s of [...this.servers, ...this.draining]) applyTimeouts(s, t);
  }

  /** Binds `port` (0 = any free port) on loopback, or on every interface with LAN access. */
  async listen(port: number, allowLanAccess: boolean): Promise<void> {
    const r = await listenAll(this.makeServer, listenHosts(allowLanAccess), port);
    this.servers = r.servers;
    this.port = r.port;
    this.hosts = r.hosts;
  }

  /**
   * Moves to a new port/LAN setting. In-flight requests finish on the old listeners (close() only
   * stops accepting); a new port is bound before the old one is released. When the same port
   * cannot be bound again it throws with nothing listening any more (`listening` is false).
   */
  async rebind(port: number, allowLanAccess: boolean): Promise<void> {
    const old = this.servers;
    const samePort = port === this.port || port === 0;
    const target = port === 0 ? this.port : port;
    if (samePort) {
      this.drain(old);
      this.servers = [];
      // The listening sockets close on the next turn of the event loop: let them.
      await new Promise((r) => setImmediate(r));
    }
    const r = await listenAll(this.makeServer, listenHosts(allowLanAccess), target, samePort ? 10 : 0);
    this.servers = r.servers;
    this.port = r.port;
    this.hosts = r.hosts;
    if (!samePort) this.drain(old);
  }

  /**
   * Stops accepting on these listeners while their requests in flight finish; their connections
   * close as soon as they are idle. Tracked so that stop() can still force them closed.
   */
  private drain(servers: http.Server[]): void {
    for (const s of servers) {
      s.keepAliveTimeout = 1;
      this.draining.add(s);
      s.close(() => this.draining.delete(s));
      s.closeIdleConnections();
    }
  }

  /** Stops listening. Requests in flight get `graceMs` to finish, then their sockets are closed. */
  async stop(graceMs: number): Promise<void> {
    const servers = [...this.servers, ...this.draining];
    this.servers = [];
    this.draining.clear();
    this.port = 0;
    this.hosts = [];
    if (servers.length === 0) return;
    const timer = setTimeout(() => servers.forEach((s) => s.closeAllConnections()), graceMs);
    timer.unref();
    try {
      await Promise.all(
        servers.map((s) => {
          const closed = closeServer(s);
          s.closeIdleConnections();
          return closed;
        }),
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
