// Steps 5 and 6 (issue 4): the proxy's recent real rejections, one finding per reason with the
// failing clients grouped (address, user agent, path, headers present), and, separately, the
// upstream providers that rejected the proxy's own upstream keys.
import type { CredentialSource, RejectReason } from '../gate/auth';
import type { RejectionRecord, UpstreamAuthFailure } from '../gate/rejectionLog';
import * as l10n from '@vscode/l10n';
import { reasonFix, reasonTitle, type AdviceContext } from './advice';
import { REASON_CODES } from './codes';
import { DIAGNOSE_USER_AGENT, isLoopbackHost } from './probe';
import type { Finding, FindingStatus } from './types';

interface ClientGroup {
  remoteAddress: string;
  userAgent: string;
  method: string;
  path: string;
  sources: CredentialSource[];
  count: number;
  last: string;
}

const MAX_CLIENTS_LISTED = 5;

/** ::ffff:127.0.0.1 (an IPv4 peer on a dual-stack listener) is shown as 127.0.0.1. */
export function displayAddress(a: string): string {
  return a.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}

function clientKey(r: RejectionRecord): string {
  return JSON.stringify([displayAddress(r.remoteAddress), r.userAgent, r.method, r.path, r.credentialSources]);
}

export function groupByClient(records: readonly RejectionRecord[]): ClientGroup[] {
  const groups = new Map<string, ClientGroup>();
  for (const r of records) {
    const k = clientKey(r);
    const g = groups.get(k);
    if (g) {
      g.count++;
      if (r.time > g.last) g.last = r.time;
    } else {
      groups.set(k, {
        remoteAddress: displayAddress(r.remoteAddress),
        userAgent: r.userAgent,
        method: r.method,
        path: r.path,
        sources: r.credentialSources,
        count: 1,
        last: r.time,
      });
    }
  }
  return [...groups.values()].sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : 0));
}

function describeGroup(g: ClientGroup): string {
  const headers = g.sources.length ? g.sources.join(', ') : l10n.t('none');
  const ua = g.userAgent ? `"${g.userAgent}"` : l10n.t('(no user agent)');
  return l10n.t`${g.remoteAddress || '?'} ${ua} ${g.method} ${g.path}, credentials sent: ${headers}; ${g.count}x, last ${g.last}`;
}

/** A failure at `lastTime`: fail while recent, warn once older than recentMs. */
export function statusFor(lastTime: string, now: number, recentMs: number): FindingStatus {
  const t = Date.parse(lastTime);
  return Number.isFinite(t) && now - t > recentMs ? 'warn' : 'fail';
}

/** The diagnosis' own probes are not the user's clients. */
export function userRejections(records: readonly RejectionRecord[]): RejectionRecord[] {
  return records.filter((r) => r.userAgent !== DIAGNOSE_USER_AGENT);
}

export function rejectionFindings(all: readonly RejectionRecord[] | undefined, ctx: AdviceContext, now: number, recentMs: number): Finding[] {
  if (all === undefined) {
    return [
      {
        code: 'recent_rejections',
        status: 'warn',
        title: l10n.t('Recent rejections unknown'),
        detail: l10n.t("The running proxy's state could not be read (see diagnostics_access)."),
        fix: '',
      },
    ];
  }
  const records = userRejections(all);
  if (records.length === 0) {
    return [
      {
        code: 'recent_rejections',
        status: 'pass',
        title: l10n.t('No client was rejected recently'),
        detail: l10n.t('The proxy has not answered 401 to any client since it started (it remembers the last 200).'),
        fix: '',
      },
    ];
  }
  const byReason = new Map<RejectReason, RejectionRecord[]>();
  for (const r of records) {
    const list = byReason.get(r.reason) ?? [];
    list.push(r);
    byReason.set(r.reason, list);
  }
  const lastOf = (rs: RejectionRecord[]): string => rs.reduce((m, r) => (r.time > m ? r.time : m), '');
  // Most recent problem first: that is most likely the client the user is looking at.
  const reasons = [...byReason.keys()].sort((a, b) => {
    const la = lastOf(byReason.get(a)!);
    const lb = lastOf(byReason.get(b)!);
    return la < lb ? 1 : la > lb ? -1 : REASON_CODES.indexOf(a) - REASON_CODES.indexOf(b);
  });
  const last = lastOf(records);
  const old = statusFor(last, now, recentMs) === 'warn';
  // The per-reason findings below carry the failures; this one only counts them.
  const out: Finding[] = [
    {
      code: 'recent_rejections',
      status: 'warn',
      title: l10n.t`The proxy rejected ${records.length} request(s) (${reasons.join(', ')})`,
      detail: old
        ? l10n.t`Last at ${last} (more than ${Math.round(recentMs / 60000)} minutes ago). One finding per reason follows.`
        : l10n.t`Last at ${last}. One finding per reason follows.`,
      fix: '',
    },
  ];
  for (const reason of reasons) {
    const rs = byReason.get(reason)!;
    const groups = groupByClient(rs);
    const sources = new Set(rs.map((r) => r.source));
    const source = sources.size === 1 ? [...sources][0] : undefined;
    const listed = groups.slice(0, MAX_CLIENTS_LISTED).map(describeGroup);
    const lanClient = groups.some((g) => !isLoopbackHost(g.remoteAddress));
    const more = groups.length > MAX_CLIENTS_LISTED ? l10n.t`; and ${groups.length - MAX_CLIENTS_LISTED} more client(s)` : '';
    out.push({
      code: reason,
      status: statusFor(lastOf(rs), now, recentMs),
      title: l10n.t`${reasonTitle(reason)} (${rs.length} request(s) from ${groups.length} client(s))`,
      detail: `${listed.join('; ')}${more}.`,
      fix: reasonFix(reason, { ...ctx, source, lanClient }),
    });
  }
  return out;
}

export function upstreamFindings(
  failures: readonly UpstreamAuthFailure[] | undefined,
  upstreamKey: (name: string) => string,
  now: number,
  recentMs: number,
): Finding[] {
  if (failures === undefined) return [];
  if (failures.length === 0) {
    return [
      {
        code: 'upstream_auth',
        status: 'pass',
        title: l10n.t("No upstream rejected the proxy's keys recently"),
        detail: l10n.t("A 401 your client gets is not a provider's: the proxy answers a provider's 401/403 with 502."),
        fix: '',
      },
    ];
  }
  const byUpstream = new Map<string, UpstreamAuthFailure[]>();
  for (const f of failures) byUpstream.set(f.upstream, [...(byUpstream.get(f.upstream) ?? []), f]);
  return [...byUpstream.entries()].map(([name, fs]) => {
    const last = fs.reduce((m, f) => (f.time > m ? f.time : m), '');
    // 401/403 is the provider's answer; 502 means only the proxy's own answer is known (a key pool
    // that found every key rejected).
    const known = [...new Set(fs.map((f) => f.status).filter((s) => s === 401 || s === 403))];
    const statuses = known.length ? known.join('/') : '401/403';
    const paths = [...new Set(fs.map((f) => f.path))].join(', ');
    return {
      code: 'upstream_auth' as const,
      status: statusFor(last, now, recentMs),
      title: l10n.t`Upstream "${name}" rejected the proxy's API key for it (HTTP ${statuses})`,
      detail: l10n.t`${fs.length} time(s), last at ${last}, on ${paths}. Your clients got 502 for these requests, not 401: the key your client sends to the proxy is fine; the provider refused the proxy's upstream key.`,
      fix: l10n.t`Check ${upstreamKey(name)}: it must be a valid key for that provider, with access to the models requested.`,
    };
  });
}
