// Diagnose 401 (issue 4): automates ../shared/seed/auth-401-faq.txt step by step, in its order,
// then explains the proxy's recent real rejections, the upstream keys providers refused and the
// editor models VS Code refused for lack of consent (issue 13). Pure: no vscode, no files, no environment;
// both hosts call it with what they know (a base URL, the key, the config, or a snapshot).
import * as l10n from '@vscode/l10n';
import { isLoopbackHost, probe } from './probe';
import { fetchSnapshot } from './fetchSnapshot';
import { checkReachability } from './reachability';
import { healthzFinding, keyFinding, modeFindings, modeFrom } from './mode';
import { runProbes } from './probes';
import { rejectionFindings, upstreamFindings } from './recent';
import { consentFindings } from './consent';
import { vocabularyFor } from './vocabulary';
import type { DiagnoseInput, DiagnosisReport, DiagnosisSummary, DiagnosticsSnapshot, Finding } from './types';
import type { AdviceContext } from './advice';

const DEFAULT_TIMEOUT_MS = 3000;
const DEFAULT_RECENT_MS = 15 * 60_000;

export function summarize(findings: readonly Finding[]): DiagnosisSummary {
  const count = (s: Finding['status']): number => findings.filter((f) => f.status === s).length;
  const pass = count('pass');
  const warn = count('warn');
  const fail = count('fail');
  const first = findings.find((f) => f.status === 'fail' && f.fix) ?? findings.find((f) => f.status === 'fail');
  const text = first
    ? first.fix
      ? l10n.t`${fail} problem(s) found. First: ${first.title}. Fix: ${first.fix}`
      : l10n.t`${fail} problem(s) found. First: ${first.title}.`
    : warn
      ? l10n.t`Nothing failed; ${warn} warning(s) to read.`
      : l10n.t('No problem found: a client sending `Authorization: Bearer <proxy key>` gets through.');
  return { pass, warn, fail, text };
}

function report(input: DiagnoseInput, findings: Finding[], snapshot: DiagnosticsSnapshot | undefined, mode?: string, reason?: string): DiagnosisReport {
  return {
    url: input.baseUrl,
    effectiveAuthMode: (snapshot?.effectiveAuthMode ?? mode ?? 'unknown') as DiagnosisReport['effectiveAuthMode'],
    // The reason in the display language (modeFrom), else the running proxy's own words.
    effectiveAuthReason: reason ?? snapshot?.effectiveAuthReason ?? '',
    findings,
    summary: summarize(findings),
    generatedAt: new Date().toISOString(),
  };
}

export async function diagnose(input: DiagnoseInput): Promise<DiagnosisReport> {
  const v = vocabularyFor(input.host);
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const recentMs = input.recentMs ?? DEFAULT_RECENT_MS;
  const findings: Finding[] = [];

  let url: URL;
  try {
    url = new URL(input.baseUrl);
    if (url.protocol !== 'http:') throw new Error('not http');
  } catch {
    findings.push({
      code: 'proxy_unreachable',
      status: 'fail',
      title: l10n.t`"${input.baseUrl}" is not an http:// URL`,
      detail: l10n.t('The proxy speaks plain HTTP on loopback.'),
      fix: l10n.t('Use a base URL like http://127.0.0.1:8045 (with /v1 for OpenAI-style clients).'),
    });
    return report(input, findings, undefined);
  }

  // Step 1: reachable at all? (not running, wrong port, loopback-only while the client is on the LAN)
  const reach = await checkReachability(url, v, input.config?.port, timeoutMs);
  findings.push(...reach.findings);
  if (!reach.origin || !reach.health) {
    const m = modeFrom(undefined, input.config, undefined, undefined);
    return report(input, findings, undefined, m.mode, m.reason);
  }
  const origin = reach.origin;

  // The running proxy's own account of itself and of its recent rejections.
  const given = input.snapshot;
  let snapshot = typeof given === 'function' ? given() : given;
  let fetched = false;
  if (!snapshot && input.fetchSnapshot !== false) {
    const s = await fetchSnapshot(origin, input.key, input.keySource, v, timeoutMs);
    snapshot = s.snapshot;
    fetched = s.snapshot !== undefined;
    findings.push(s.finding);
  }

  // Step 1b + 2: /healthz without a key vs the effective mode.
  let modelsNoKey: number | undefined;
  if (!snapshot && !input.config?.authMode && reach.health.status === 200) {
    const r = await probe(`${origin}/v1/models`, {}, timeoutMs);
    modelsNoKey = r.ok ? r.status : undefined;
  }
  const m = modeFrom(snapshot, input.config, reach.health.status, modelsNoKey);
  findings.push(healthzFinding(m, reach.health.status, reach.health.headers['x-antigravity-auth'] as string | undefined, v));
  findings.push(...modeFindings(m, snapshot, input.config, v));

  // Step 3: the key.
  const keyEmpty = snapshot
    ? snapshot.keyEmpty
    : reach.health.headers['x-antigravity-auth'] === 'empty_server_key'
      ? true
      : input.key !== undefined
        ? input.key === ''
        : undefined;
  findings.push(keyFinding(m, keyEmpty, fetched && !!input.key, v));

  // Step 4: the simplest headers, one at a time; the key only to this machine unless asked.
  const ctx: AdviceContext = { v, mode: m.mode, authMode: m.authMode, allowLanAccess: m.allowLanAccess };
  const host = new URL(origin).hostname;
  const withheldFrom = input.key && !isLoopbackHost(host) && input.sendKeyToRemote !== true ? host : undefined;
  findings.push(...(await runProbes(origin, withheldFrom ? undefined : input.key, keyEmpty, ctx, timeoutMs, withheldFrom)));

  // Steps 5 and 6: what really happened to the user's clients, and to the proxy's upstream keys.
  // Read again: the probes' GET /v1/models may just have shown that an upstream refuses its key.
  if (typeof given === 'function') snapshot = given();
  else if (fetched) snapshot = (await fetchSnapshot(origin, input.key, input.keySource, v, timeoutMs)).snapshot ?? snapshot;
  const now = snapshot ? Date.parse(snapshot.now) : Date.now();
  findings.push(...rejectionFindings(snapshot?.rejections, ctx, now, recentMs));
  findings.push(...upstreamFindings(snapshot?.upstreamAuthFailures, v.upstreamKey, now, recentMs));
  // Step 7: the editor's models refused for lack of the user's consent (403, never 401).
  findings.push(...consentFindings(snapshot, now, recentMs));

  return report(input, findings, snapshot, m.mode, m.reason);
}
