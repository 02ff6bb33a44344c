// What the dashboard page shows and the messages between it and its host (issue 15). One page
// serves two hosts: the VS Code webview (postMessage) and the proxy's own /_antigravity/dashboard
// (fetch). Both hand it a DashboardState, then new records, and a diagnosis when one ran; the page
// sends back fix actions and asks for a diagnosis or a copy of its report. The page validates
// every host message against these schemas before it touches the DOM, and the host every page
// message before it acts. No Node modules here: the page's bundle includes this file.
import * as v from 'valibot';
import { FINDING_CODES, FIX_ACTIONS, type FindingCode, type FixAction } from '../diagnose/codes';
import type { Finding, DiagnosisSummary } from '../diagnose/types';
import type { PoolStatus } from '../pool/registry';
import type { UsageRecord } from './record';
import type { UsageSummary } from './rollup';
import { DayRowSchema, RecordSchema } from './schema';

/** The 401s of one reason, with the diagnosis' explanation and the fixes a host can run. */
export interface RejectionGroup {
  reason: string;
  count: number;
  /** ISO time of the latest one. */
  last: string;
  title: string;
  detail: string;
  fix: string;
  actions: FixAction[];
}

export interface DashboardState {
  /** The host's clock (epoch ms) when the state was taken: countdowns are computed against it. */
  now: number;
  auth: { mode: 'off' | 'strict' | 'all_except_health'; reason: string; lan: boolean; keyEmpty: boolean; url: string };
  usage: UsageSummary;
  /** Newest first. */
  recent: UsageRecord[];
  pool: PoolStatus;
  rejections: RejectionGroup[];
}

/** A Diagnose 401 report as the page's Diagnosis view shows it: each finding with its fixes. */
export interface DiagnosisView {
  url: string;
  effectiveAuthMode: string;
  effectiveAuthReason: string;
  generatedAt: string;
  summary: DiagnosisSummary;
  findings: Array<Finding & { actions: FixAction[] }>;
}

export type HostMessage =
  | { type: 'state'; state: DashboardState }
  | { type: 'records'; records: UsageRecord[] }
  /** `show`: switch to the Diagnosis view (the host ran Diagnose 401 for the user). */
  | { type: 'diagnosis'; report: DiagnosisView; show: boolean }
  /** The served page copies this to the clipboard itself (a webview's host copies for it). */
  | { type: 'copy'; text: string };
export type PageMessage = { type: 'ready' } | { type: 'action'; action: FixAction } | { type: 'diagnose' } | { type: 'copyReport' };

export const ACTIONS: readonly FixAction[] = [...new Set(Object.values(FIX_ACTIONS).flat())];

const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));
const optional = <T extends v.GenericSchema>(s: T) => v.optional(s);

const KeyStatusSchema = v.object({
  label: str(200),
  state: v.picklist(['healthy', 'cooling', 'invalid']),
  reason: optional(v.picklist(['rate_limited', 'quota_exhausted', 'upstream_error', 'rejected'])),
  until: optional(str(40)),
  retryInSeconds: optional(nonNegative),
  lastError: optional(v.object({ time: str(40), status: optional(v.number()), message: str(2000) })),
  served: nonNegative,
  rateLimited: nonNegative,
  failures: nonNegative,
});

const PoolStatusSchema = v.object({
  time: str(40),
  upstreams: v.pipe(
    v.array(
      v.object({
        name: str(200),
        // An HTTP kind, or an in-process provider's (the editor's models: vscode-lm).
        kind: str(50),
        keySelection: v.picklist(['round-robin', 'sticky']),
        fallback: v.array(str(200)),
        available: nonNegative,
        nextRecovery: optional(str(40)),
        keys: v.pipe(v.array(KeyStatusSchema), v.maxLength(1000)),
      }),
    ),
    v.maxLength(200),
  ),
}) satisfies v.GenericSchema<unknown, PoolStatus>;

/** What the diagnosis says of a problem (a 401 reason, a finding): the same fields in both. */
const advice = (detailMax: number) => ({ title: str(2000), detail: str(detailMax), fix: str(5000), actions: v.array(v.picklist(ACTIONS)) });

const StateSchema = v.object({
  now: nonNegative,
  auth: v.object({ mode: v.picklist(['off', 'strict', 'all_except_health']), reason: str(2000), lan: v.boolean(), keyEmpty: v.boolean(), url: str(500) }),
  usage: v.object({
    totals: v.object({ requests: nonNegative, errors: nonNegative, inputTokens: nonNegative, outputTokens: nonNegative }),
    days: v.pipe(v.array(DayRowSchema), v.maxLength(100_000)),
  }),
  recent: v.pipe(v.array(RecordSchema), v.maxLength(10_000)),
  pool: PoolStatusSchema,
  rejections: v.pipe(v.array(v.object({ reason: str(100), count: nonNegative, last: str(40), ...advice(5000) })), v.maxLength(100)),
}) satisfies v.GenericSchema<unknown, DashboardState>;

const CODES = Object.keys(FINDING_CODES) as FindingCode[];
const FINDING_STATUS = ['pass', 'warn', 'fail'] as const;

const DiagnosisSchema = v.object({
  url: str(500),
  effectiveAuthMode: str(40),
  effectiveAuthReason: str(2000),
  generatedAt: str(40),
  summary: v.object({ pass: nonNegative, warn: nonNegative, fail: nonNegative, text: str(5000) }),
  findings: v.pipe(v.array(v.object({ code: v.picklist(CODES), status: v.picklist(FINDING_STATUS), ...advice(10_000) })), v.maxLength(200)),
}) satisfies v.GenericSchema<unknown, DiagnosisView>;

const HostMessageSchema = v.variant('type', [
  v.object({ type: v.literal('state'), state: StateSchema }),
  v.object({ type: v.literal('records'), records: v.pipe(v.array(RecordSchema), v.maxLength(10_000)) }),
  v.object({ type: v.literal('diagnosis'), report: DiagnosisSchema, show: v.boolean() }),
  v.object({ type: v.literal('copy'), text: str(200_000) }),
]) satisfies v.GenericSchema<unknown, HostMessage>;

/** The message, validated (unknown fields dropped, text re-cleaned), or undefined. */
export function parseHostMessage(x: unknown): HostMessage | undefined {
  const r = v.safeParse(HostMessageSchema, x);
  return r.success ? r.output : undefined;
}

const PageMessageSchema = v.variant('type', [
  v.object({ type: v.literal('ready') }),
  v.object({ type: v.literal('action'), action: v.picklist(ACTIONS) }),
  v.object({ type: v.literal('diagnose') }),
  v.object({ type: v.literal('copyReport') }),
]) satisfies v.GenericSchema<unknown, PageMessage>;

/** For the host: a message from the page, validated, or undefined. */
export function parsePageMessage(x: unknown): PageMessage | undefined {
  const r = v.safeParse(PageMessageSchema, x);
  return r.success ? r.output : undefined;
}
