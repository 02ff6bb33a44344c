// The diagnosis' data: what the engine takes, what it produces, and the snapshot the running proxy
// hands out through its admin endpoint (GET /_antigravity/diagnostics). Issue 4.
import type { AuthMode, CredentialPolicy, EffectiveAuthMode, UpstreamConfig } from '../config';
import type { ModelAccessDenial, RejectionRecord, UpstreamAuthFailure } from '../gate/rejectionLog';
import type { FindingCode } from './codes';

export type FindingStatus = 'pass' | 'warn' | 'fail';

/** One step's verdict. `fix` is '' when there is nothing to change. Never holds a key. */
export interface Finding {
  code: FindingCode;
  status: FindingStatus;
  title: string;
  detail: string;
  fix: string;
}

export interface DiagnosisSummary {
  pass: number;
  warn: number;
  fail: number;
  /** One sentence: the verdict. */
  text: string;
}

export interface DiagnosisReport {
  /** The base URL diagnosed, as given. */
  url: string;
  /** The running proxy's effective auth mode, or "unknown" when it could not be learned. */
  effectiveAuthMode: EffectiveAuthMode | 'unknown';
  effectiveAuthReason: string;
  findings: Finding[];
  summary: DiagnosisSummary;
  generatedAt: string;
}

/** What GET /_antigravity/diagnostics answers: the running proxy's state, no key values. */
export interface DiagnosticsSnapshot {
  service: 'antigravity-proxy';
  version: string;
  /** The server's clock when the snapshot was taken (recency is judged against it). */
  now: string;
  port: number;
  hosts: string[];
  allowLanAccess: boolean;
  authMode: AuthMode;
  effectiveAuthMode: EffectiveAuthMode;
  effectiveAuthReason: string;
  credentialPolicy: CredentialPolicy;
  keyEmpty: boolean;
  upstreams: Array<{ name: string; kind: UpstreamConfig['kind']; keyCount: number }>;
  /** Oldest first. */
  rejections: RejectionRecord[];
  upstreamAuthFailures: UpstreamAuthFailure[];
  /** Requests refused 403 because the user has not allowed the proxy to use an editor model (absent before issue 13). */
  modelAccessDenials?: ModelAccessDenial[];
}

/** Which host runs the diagnosis: it decides how fixes name commands and settings. */
export type DiagnoseHost = 'cli' | 'vscode';

export interface DiagnoseInput {
  /** The base URL the client uses, e.g. http://127.0.0.1:8045 or http://127.0.0.1:8045/v1. */
  baseUrl: string;
  /** The proxy key as the host knows it; undefined when unknown (then probes are skipped). */
  key?: string;
  /** Where the key came from, for messages (e.g. "/home/me/.config/antigravity-proxy/api_key"). */
  keySource?: string;
  /**
   * Send the key in the probes even when the URL is not a loopback address (the CLI's
   * --send-key-to-remote). Default: the key goes to 127.0.0.1, ::1 and localhost only, never to
   * whatever answers at another address (issue 12).
   */
  sendKeyToRemote?: boolean;
  /** The configuration the host believes is in force, if it knows it. */
  config?: { port?: number; authMode?: AuthMode; allowLanAccess?: boolean };
  /**
   * The running proxy's snapshot when the host runs it in-process (`() => server.diagnostics()`:
   * a function is asked again after the probes); otherwise it is fetched from the admin endpoint.
   */
  snapshot?: DiagnosticsSnapshot | (() => DiagnosticsSnapshot);
  /** Fetch the snapshot from the admin endpoint when none is given (default true). */
  fetchSnapshot?: boolean;
  host?: DiagnoseHost;
  /** Per-request timeout of every probe (default 3000 ms). */
  timeoutMs?: number;
  /** Rejections newer than this are failures, older ones warnings (default 15 minutes). */
  recentMs?: number;
}
