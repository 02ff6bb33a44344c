// The proof that a connected client works: a request in the client's own protocol, with the
// credential header it sends, built from the configuration just written, through the proxy.
// Without an upstream no model request is made (auth only). A failure is explained by the
// Diagnose 401 engine (src/proxy/diagnose), never by a second copy of its logic.
import { diagnose, type DiagnoseHost } from '../proxy';
import { fetchSnapshot } from '../proxy';
import { vocabularyFor } from '../proxy';
import { jsonOf, send, type HttpAnswer } from './http';
import { PROTOCOLS } from './protocols';
import type { ClientEndpoint, ClientProtocol } from './types';

export type RoundTrip =
  | { ok: true; model: string }
  | { ok: true; authOnly: 'no-upstream' | 'no-model' }
  | { ok: false; status?: number; reason?: string; message: string; diagnosis?: string };

export interface RoundTripOptions {
  /** The proxy's origin, for the diagnosis and its state (upstreams). */
  origin: string;
  /** The proxy key as the host knows it, to read the proxy's state. */
  proxyKey: string;
  keySource?: string;
  host?: DiagnoseHost;
  timeoutMs?: number;
}

function errorMessage(a: HttpAnswer): string {
  const j = jsonOf(a) as { error?: { message?: unknown } | string; message?: unknown } | undefined;
  const m = typeof j?.error === 'object' ? j.error?.message : (j?.error ?? j?.message);
  return typeof m === 'string' && m ? m : a.body.slice(0, 300) || `HTTP ${a.status}`;
}

async function explain(o: RoundTripOptions, failure: Extract<RoundTrip, { ok: false }>): Promise<RoundTrip> {
  const report = await diagnose({ baseUrl: o.origin, key: o.proxyKey, keySource: o.keySource, host: o.host ?? 'cli', timeoutMs: o.timeoutMs });
  return { ...failure, diagnosis: report.summary.text };
}

export async function roundTrip(protocol: ClientProtocol, ep: ClientEndpoint, o: RoundTripOptions): Promise<RoundTrip> {
  const p = PROTOCOLS[protocol];
  const timeoutMs = o.timeoutMs ?? 15_000;
  const headers = p.headers(ep.key);
  let list: HttpAnswer;
  try {
    list = await send('GET', p.modelsUrl(ep.baseUrl), headers, undefined, timeoutMs);
  } catch (e) {
    return explain(o, { ok: false, message: `no answer from ${ep.baseUrl} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
  }
  if (list.status !== 200) {
    const failure = { ok: false as const, status: list.status, reason: list.headers['x-antigravity-auth'] as string | undefined, message: errorMessage(list) };
    return list.status === 401 ? explain(o, failure) : failure;
  }
  // No upstream: auth is all there is to check (a model request would only get 503).
  const snap = await fetchSnapshot(o.origin, o.proxyKey, o.keySource, vocabularyFor(o.host), Math.min(timeoutMs, 5000));
  if (snap.snapshot && snap.snapshot.upstreams.length === 0) return { ok: true, authOnly: 'no-upstream' };
  const model = ep.model ?? p.modelIds((jsonOf(list) ?? {}) as Record<string, unknown>)[0];
  if (!model) return { ok: true, authOnly: 'no-model' };
  const { url, body } = p.request(ep.baseUrl, model);
  let answer: HttpAnswer;
  try {
    answer = await send('POST', url, headers, body, timeoutMs);
  } catch (e) {
    return { ok: false, message: `the model request to ${url} failed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  if (answer.status !== 200) {
    const failure = {
      ok: false as const,
      status: answer.status,
      reason: answer.headers['x-antigravity-auth'] as string | undefined,
      message: errorMessage(answer),
    };
    return answer.status === 401 ? explain(o, failure) : failure;
  }
  return { ok: true, model: p.answeredBy((jsonOf(answer) ?? {}) as Record<string, unknown>) ?? model };
}

/** One or two lines for people. */
export function describeRoundTrip(label: string, r: RoundTrip): string {
  if (r.ok && 'model' in r) return `Round trip OK: ${label}'s request through the proxy was answered by model ${r.model}.`;
  if (r.ok && r.authOnly === 'no-upstream')
    return `Round trip OK (auth only): the proxy accepts ${label}'s key. No upstream is configured, so no model request was made.`;
  if (r.ok) return `Round trip OK (auth only): the proxy accepts ${label}'s key. It lists no model, so no model request was made (choose one with --model).`;
  const head = `Round trip FAILED: ${r.status ? `HTTP ${r.status}${r.reason ? ` (${r.reason})` : ''}: ` : ''}${r.message}`;
  return r.diagnosis ? `${head}\nDiagnosis: ${r.diagnosis}` : head;
}
