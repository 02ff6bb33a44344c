// Step 1 of the seed: is the proxy reachable at all? Not running, the wrong port, or bound to
// loopback while the client is on the LAN (issue 4).
import * as l10n from '@vscode/l10n';
import { DEFAULT_PORT } from '../config';
import { isLoopbackHost, isOurs, probe, type ProbeResult } from './probe';

/** The names the proxy answers on with LAN access off. */
const LISTENED_LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
import type { Finding } from './types';
import type { Vocabulary } from './vocabulary';

export interface Reachability {
  findings: Finding[];
  /** The origin where the proxy answered (may differ from the URL's), or undefined. */
  origin?: string;
  /** The answer to GET /healthz without a credential at `origin`. */
  health?: ProbeResult & { ok: true };
}

function describeError(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return l10n.t('the connection was refused (nothing listens there)');
    case 'ETIMEDOUT':
      return l10n.t('the connection timed out');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return l10n.t('the host name could not be resolved');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return l10n.t('the host is unreachable');
    default:
      return l10n.t`the request failed (${code})`;
  }
}

export function portOf(u: URL): number {
  return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
}

/** The proxy on its configured port or the default one, when the URL's port is not it. */
async function findElsewhere(
  url: URL,
  port: number,
  configuredPort: number | undefined,
  timeoutMs: number,
): Promise<{ origin: string; port: number; health: ProbeResult & { ok: true } } | undefined> {
  const candidates = [configuredPort, DEFAULT_PORT].filter((p): p is number => p !== undefined && p !== 0 && p !== port);
  for (const p of [...new Set(candidates)]) {
    const origin = `http://${isLoopbackHost(url.hostname) ? url.host.replace(/:\d+$/, '') : '127.0.0.1'}:${p}`;
    const r = await probe(`${origin}/healthz`, {}, timeoutMs);
    if (r.ok && isOurs(r)) return { origin, port: p, health: r };
  }
  return undefined;
}

export async function checkReachability(url: URL, v: Vocabulary, configuredPort: number | undefined, timeoutMs: number): Promise<Reachability> {
  const port = portOf(url);
  const health = await probe(`${url.origin}/healthz`, {}, timeoutMs);
  if (health.ok) {
    if (!isOurs(health)) {
      const found = await findElsewhere(url, port, configuredPort, timeoutMs);
      return {
        findings: [
          {
            code: 'not_antigravity_proxy',
            status: 'fail',
            title: l10n.t`Something else answers at ${url.origin}`,
            detail: `${l10n.t`GET /healthz answered HTTP ${health.status}, but not as Antigravity Proxy does. Another program holds port ${port}, so a 401 there is that program's, not this proxy's.`}${found ? ` ${l10n.t`The proxy answers at ${found.origin}.`}` : ''}`,
            fix: found
              ? l10n.t`Point the client's base URL at ${found.origin} (with /v1 for OpenAI-style clients).`
              : l10n.t`Point the client at the port the proxy listens on, or move the proxy to a free port with ${v.portSetting}.`,
          },
        ],
      };
    }
    return {
      origin: url.origin,
      health,
      findings: [
        {
          code: 'proxy_reachable',
          status: 'pass',
          title: l10n.t`The proxy answers at ${url.origin}`,
          detail: l10n.t`GET /healthz answered HTTP ${health.status}.`,
          fix: '',
        },
      ],
    };
  }
  const why = describeError(health.error);

  // Another address (a LAN address, or another loopback address such as 127.0.0.2) that does not
  // answer while 127.0.0.1 on the same port does: the proxy listens on 127.0.0.1 and ::1 only.
  if (!LISTENED_LOOPBACK.has(url.hostname.toLowerCase())) {
    const loop = `http://127.0.0.1:${port}`;
    const r = await probe(`${loop}/healthz`, {}, timeoutMs);
    if (r.ok && isOurs(r)) {
      return {
        origin: loop,
        health: r,
        findings: [
          {
            code: 'lan_access_off',
            status: 'fail',
            title: l10n.t`The proxy listens on loopback only, so ${url.hostname} cannot reach it`,
            detail: l10n.t`At ${url.origin} ${why}, but the proxy answers at ${loop}: LAN access is off, so only programs on this machine reach it (through 127.0.0.1 or localhost).`,
            fix: l10n.t`On this machine, point the client at ${loop}. For a client on another machine, ${v.lanOn}.`,
          },
        ],
      };
    }
  }

  // Nothing at this port: is the proxy on its configured port, or the default one?
  const found = await findElsewhere(url, port, configuredPort, timeoutMs);
  if (found) {
    return {
      origin: found.origin,
      health: found.health,
      findings: [
        {
          code: 'wrong_port',
          status: 'fail',
          title: l10n.t`The proxy listens on port ${found.port}, not ${port}`,
          detail: l10n.t`At ${url.origin} ${why}; the proxy answers at ${found.origin}.`,
          fix: l10n.t`Point the client's base URL at ${found.origin} (with /v1 for OpenAI-style clients), or move the proxy to port ${port} with ${v.portSetting}.`,
        },
      ],
    };
  }

  return {
    findings: [
      {
        code: 'proxy_unreachable',
        status: 'fail',
        title: l10n.t`Nothing answers at ${url.origin}`,
        detail: l10n.t`GET ${url.origin}/healthz: ${why}. The proxy is not running, or it listens on another port or address.`,
        fix: l10n.t`Start the proxy (${v.startProxy}) and check the port it prints; then point the client at that URL.`,
      },
    ],
  };
}
