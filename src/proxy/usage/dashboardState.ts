// What the dashboard shows, built in one place for both hosts (issue 15): the VS Code webview and
// the proxy's own /_antigravity/dashboard hand the page the same DashboardState, made here from
// the running proxy's diagnostics snapshot (auth, LAN, recent 401s), its key pools and the usage
// store. The 401s are grouped by reason with the diagnosis' own explanation and fix (the engine's
// rejectionFindings), so the page and `Diagnose 401` never word a reason differently.
import { FIX_ACTIONS, type FixAction } from '../diagnose/codes';
import { vocabularyFor } from '../diagnose/vocabulary';
import { rejectionFindings, userRejections } from '../diagnose/recent';
import type { DiagnoseHost, DiagnosisReport, DiagnosticsSnapshot } from '../diagnose/types';
import type { PoolStatus } from '../pool/registry';
import type { DashboardState, DiagnosisView, RejectionGroup } from './dashboard';
import type { UsageQuery } from './store';

/** How recent a 401 must be to count as a failure rather than a warning (the diagnosis' default). */
const RECENT_MS = 15 * 60_000;

/**
 * The fix buttons a host can offer for a finding: VS Code runs them (fixes.ts); the proxy's own page
 * cannot (its fix text says which command to run).
 */
function fixesFor(code: string, host: DiagnoseHost): FixAction[] {
  return host === 'vscode' ? [...(FIX_ACTIONS[code as keyof typeof FIX_ACTIONS] ?? [])] : [];
}

/** The 401s of the snapshot by reason, most recent reason first, each with its explanation and fixes. */
export function rejectionGroups(snapshot: DiagnosticsSnapshot, host: DiagnoseHost): RejectionGroup[] {
  const records = userRejections(snapshot.rejections);
  if (records.length === 0) return [];
  const now = Date.parse(snapshot.now);
  const ctx = { v: vocabularyFor(host), mode: snapshot.effectiveAuthMode, authMode: snapshot.authMode, allowLanAccess: snapshot.allowLanAccess };
  const stats = new Map<string, { count: number; last: string }>();
  for (const r of records) {
    const s = stats.get(r.reason) ?? { count: 0, last: '' };
    s.count++;
    if (r.time > s.last) s.last = r.time;
    stats.set(r.reason, s);
  }
  const groups: RejectionGroup[] = [];
  for (const f of rejectionFindings(records, ctx, Number.isFinite(now) ? now : Date.now(), RECENT_MS)) {
    const s = stats.get(f.code);
    if (!s) continue; // the counting finding (recent_rejections)
    groups.push({ reason: f.code, count: s.count, last: s.last, title: f.title, detail: f.detail, fix: f.fix, actions: fixesFor(f.code, host) });
  }
  return groups;
}

export interface DashboardInputs {
  snapshot: DiagnosticsSnapshot;
  /** The base URL clients use (http://127.0.0.1:<port>). */
  url: string;
  pool: PoolStatus;
  /** The usage store's query (none: the host keeps no statistics). */
  usage: UsageQuery | undefined;
  host: DiagnoseHost;
  /** The host's clock (default: now). */
  now?: number;
}

export function dashboardState(i: DashboardInputs): DashboardState {
  const s = i.snapshot;
  return {
    now: i.now ?? Date.now(),
    auth: { mode: s.effectiveAuthMode, reason: s.effectiveAuthReason, lan: s.allowLanAccess, keyEmpty: s.keyEmpty, url: i.url },
    usage: { totals: i.usage?.totals ?? { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0 }, days: i.usage?.days ?? [] },
    recent: i.usage?.recent ?? [],
    pool: i.pool,
    rejections: rejectionGroups(s, i.host),
  };
}

/** A diagnosis as the page shows it: the report, and for every finding that did not pass its fixes. */
export function diagnosisView(r: DiagnosisReport, host: DiagnoseHost = 'vscode'): DiagnosisView {
  return {
    url: r.url,
    effectiveAuthMode: r.effectiveAuthMode,
    effectiveAuthReason: r.effectiveAuthReason,
    generatedAt: r.generatedAt,
    summary: r.summary,
    findings: r.findings.map((f) => ({ ...f, actions: f.status === 'pass' ? [] : fixesFor(f.code, host) })),
  };
}
