// The browser-facing guard: Host and Origin checks and CORS, in every auth mode, before auth and
// routing (issue 7). A keyless proxy on localhost is reachable by every web page the user opens:
//  - DNS rebinding: a page on attacker.example re-resolves its own name to 127.0.0.1 and then reads
//    our answers as same-origin. Its requests carry `Host: attacker.example`, so only our own names
//    are accepted (the check Microsoft's Live Preview server does).
//  - Cross-site requests: a "simple" POST (text/plain, no custom headers) needs no preflight, so
//    leaving out CORS headers is not enough: it would still reach the model. A request whose Origin
//    is not allowed is refused outright.
// The port in Host is not checked: rebinding forges the name, never the port, and the port differs
// legitimately behind `ssh -L 9000:127.0.0.1:8045` or a container port map. A Host without a port
// (RFC 9110 7.2: the scheme's default port) is accepted for the same reason. Forwarding headers
// (X-Forwarded-For/-Host, Forwarded) are never read here or anywhere else: any client can send them.
import os from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyConfig } from '../config';
import type { ErrorCode, Protocol } from '../errors';
import { sendError } from '../respond';
import type { Logger } from '../logger';

const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];
const LOOPBACK_NAME_SET: ReadonlySet<string> = new Set(LOOPBACK_NAMES);

/** Methods the proxy serves, for preflights and OPTIONS answers. */
const METHODS = 'GET, POST, OPTIONS';
/** What SDKs send, answered when a preflight does not list its headers. */
const DEFAULT_ALLOW_HEADERS = 'authorization, x-api-key, x-goog-api-key, anthropic-version, anthropic-beta, content-type, openai-organization, openai-project';
/** Headers a browser page may read from our answers (the 401 reason, the 429 wait). */
const EXPOSE_HEADERS = 'x-antigravity-auth, retry-after, x-should-retry';
/** A comma-separated list of header names (RFC 9110 5.6.2 tokens), as preflights send. */
const HEADER_LIST = /^[!#$%&'*+.^_`|~0-9a-z-]+(?:\s*,\s*[!#$%&'*+.^_`|~0-9a-z-]+)*$/i;
/** How often the machine's addresses are read again after a Host miss (DHCP, VPN, Wi-Fi). */
const INTERFACES_TTL_MS = 5_000;

export interface GuardOptions {
  logger?: Logger;
  /** For tests: the machine's interfaces and name. */
  networkInterfaces?: () => ReturnType<typeof os.networkInterfaces>;
  hostname?: () => string;
}

/** The host name of a Host header value (lower case, IPv6 bracketed), or undefined if malformed. */
export function hostNameOf(host: string): string | undefined {
  let name: string;
  let port = '';
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end < 0) return undefined;
    name = host.slice(0, end + 1);
    const rest = host.slice(end + 1);
    if (rest !== '') {
      if (rest[0] !== ':') return undefined;
      port = rest.slice(1);
    }
  } else {
    const c = host.indexOf(':');
    name = c < 0 ? host : host.slice(0, c);
    port = c < 0 ? '' : host.slice(c + 1);
  }
  if (name === '' || !/^\d{0,5}$/.test(port) || !/^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)$/i.test(name)) return undefined;
  return name.toLowerCase();
}

/** Is this Origin a loopback page (http or https, any port)? */
export function isLoopbackOrigin(origin: string): boolean {
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  return (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK_NAME_SET.has(u.hostname) && u.origin === origin.toLowerCase();
}

/** The machine's own addresses and names, as they appear in a Host header. */
export function machineHostNames(ifaces: ReturnType<typeof os.networkInterfaces>, hostname: string): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(ifaces)) {
    for (const a of list ?? []) {
      // Link-local IPv6 needs a zone id in URLs; browsers do not send those in Host.
      out.add(a.family === 'IPv6' ? `[${a.address.toLowerCase()}]` : a.address);
    }
  }
  const h = hostname.trim().toLowerCase();
  if (h !== '') {
    out.add(h);
    if (!h.includes('.')) out.add(`${h}.local`); // the mDNS name LAN clients often use
  }
  return out;
}

export class RequestGuard {
  private readonly logger: Logger | undefined;
  private readonly ifaces: () => ReturnType<typeof os.networkInterfaces>;
  private readonly hostname: () => string;
  private config: ProxyConfig | undefined;
  /** Host names accepted by configuration (loopback + allowedHosts). */
  private names = new Set<string>(LOOPBACK_NAMES);
  private origins = new Set<string>();
  private machine = new Set<string>();
  private machineAt = -Infinity;
  /** The last Host value accepted by configuration alone: the common case costs one compare. */
  private okHost: string | undefined;
  private lastLog = 0;
  private quiet = 0;

  constructor(opts: GuardOptions = {}) {
    this.logger = opts.logger;
    this.ifaces = opts.networkInterfaces ?? os.networkInterfaces;
    this.hostname = opts.hostname ?? os.hostname;
  }

  private configure(config: ProxyConfig): void {
    this.config = config;
    this.okHost = undefined;
    this.names = new Set([...LOOPBACK_NAMES, ...config.allowedHosts]);
    this.origins = new Set(config.corsAllowedOrigins);
  }

  private nameAllowed(name: string, lan: boolean): boolean {
    if (this.names.has(name)) return true;
    if (!lan) return false;
    if (this.machine.has(name)) return true;
    const now = performance.now();
    if (now - this.machineAt < INTERFACES_TTL_MS) return false;
    this.machineAt = now;
    this.machine = machineHostNames(this.ifaces(), this.hostname());
    return this.machine.has(name);
  }

  /** Host check (pure apart from the interface cache): may a request with this Host be served? */
  hostAllowed(host: string | undefined, config: ProxyConfig): boolean {
    if (config !== this.config) this.configure(config);
    // HTTP/1.0 without Host: not a browser (browsers always send Host), so not a rebinding vector.
    // Node answers HTTP/1.1 without Host with 400 itself (requireHostHeader).
    if (host === undefined || host === this.okHost) return true;
    const name = hostNameOf(host);
    if (name === undefined) return false;
    if (this.names.has(name)) {
      // Not for machine addresses: those can stop being ours when the network changes.
      this.okHost = host;
      return true;
    }
    return this.nameAllowed(name, config.allowLanAccess);
  }

  originAllowed(origin: string, config: ProxyConfig): boolean {
    if (config !== this.config) this.configure(config);
    return isLoopbackOrigin(origin) || this.origins.has(origin.toLowerCase());
  }

  /**
   * Runs the guard for one request. Returns true when it has answered (a refusal or an OPTIONS
   * answer); otherwise the request goes on, with CORS headers already set for an allowed Origin.
   */
  intercept(req: IncomingMessage, res: ServerResponse, method: string, protocol: Protocol, config: ProxyConfig, sameOriginOnly = false): boolean {
    // RFC 9112 3.2: more than one Host line is a 400 (Node keeps the first and drops the rest).
    if (hasDuplicateHost(req.rawHeaders)) {
      this.refuse(req, res, protocol, 400, 'duplicate_host', 'The request has more than one Host header; send exactly one.');
      return true;
    }
    const host = req.headers.host;
    if (!this.hostAllowed(host, config)) {
      const shown = JSON.stringify(String(host).slice(0, 100));
      this.refuse(
        req,
        res,
        protocol,
        403,
        'host_not_allowed',
        `The Host header ${shown} is not a name of this proxy, so the request is refused (protection against DNS rebinding). ` +
          `Use http://127.0.0.1:<port> or http://localhost:<port>${config.allowLanAccess ? ", or this machine's address" : ''}; ` +
          'list other names this machine is reached by in allowedHosts.',
      );
      return true;
    }
    const origin = req.headers.origin;
    // The /_antigravity/ endpoints (admin data, the dashboard and its session cookie): only the
    // proxy's own pages, never CORS for anyone, not even loopback pages or allowed origins
    // (issue 15: no page on another origin may read the dashboard or the usage statistics).
    if (sameOriginOnly && origin !== undefined && origin.toLowerCase() !== `http://${String(host).toLowerCase()}`) {
      this.refuse(
        req,
        res,
        protocol,
        403,
        'origin_not_allowed',
        `Requests from the web page origin ${JSON.stringify(origin.slice(0, 100))} are refused: the /_antigravity/ endpoints answer only the proxy's own pages.`,
      );
      return true;
    }
    if (origin === undefined || sameOriginOnly) {
      if (method === 'OPTIONS') {
        answerOptions(res, undefined);
        return true;
      }
      return false;
    }
    if (!this.originAllowed(origin, config)) {
      const shown = JSON.stringify(origin.slice(0, 100));
      this.refuse(
        req,
        res,
        protocol,
        403,
        'origin_not_allowed',
        `Requests from the web page origin ${shown} are refused: web pages may use this proxy only from loopback origins or from origins listed in corsAllowedOrigins (VS Code: antigravity.cors.allowedOrigins).`,
      );
      return true;
    }
    if (method === 'OPTIONS') {
      answerOptions(res, req);
      return true;
    }
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
    res.setHeader('vary', 'Origin');
    return false;
  }

  private refuse(req: IncomingMessage, res: ServerResponse, protocol: Protocol, status: number, code: ErrorCode, message: string): void {
    // A flood of refusals must not flood the log: at most one line a second, with the count.
    const now = Date.now();
    if (now - this.lastLog >= 1000) {
      const more = this.quiet ? ` (and ${this.quiet} more refused since the last line)` : '';
      this.logger?.warn(
        `${status} ${code}: ${req.method} ${String(req.url).split('?')[0].slice(0, 200)} Host=${JSON.stringify(String(req.headers.host).slice(0, 100))} Origin=${JSON.stringify(String(req.headers.origin ?? '').slice(0, 100))} from ${req.socket.remoteAddress}${more}`,
      );
      this.lastLog = now;
      this.quiet = 0;
    } else {
      this.quiet++;
    }
    sendError(res, protocol, status, code, message, { connection: 'close' });
  }
}

function hasDuplicateHost(raw: string[]): boolean {
  let seen = false;
  for (let i = 0; i < raw.length; i += 2) {
    const n = raw[i];
    if (n.length === 4 && n.toLowerCase() === 'host') {
      if (seen) return true;
      seen = true;
    }
  }
  return false;
}

/** OPTIONS: a CORS preflight from an allowed origin (req given), or a plain capabilities query. */
function answerOptions(res: ServerResponse, req: IncomingMessage | undefined): void {
  // No Content-Length on a 204 (RFC 9110 8.6).
  const headers: Record<string, string> = { allow: METHODS, 'cache-control': 'no-store' };
  if (req) {
    const requested = req.headers['access-control-request-headers'];
    headers['access-control-allow-origin'] = req.headers.origin as string;
    headers['access-control-allow-methods'] = METHODS;
    headers['access-control-allow-headers'] = requested && requested.length <= 2000 && HEADER_LIST.test(requested) ? requested : DEFAULT_ALLOW_HEADERS;
    headers['access-control-max-age'] = '600';
    headers['vary'] = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network';
    // Chrome's Private Network Access: a public page asking for a loopback server must be allowed
    // explicitly; only for origins the user allowed.
    if (req.headers['access-control-request-private-network'] === 'true') headers['access-control-allow-private-network'] = 'true';
  }
  res.writeHead(204, headers);
  res.end();
}
