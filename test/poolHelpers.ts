// Helpers for the key pool tests: a fake upstream that answers per upstream key from a script
// (429 with each kind of hint, 401, 403, 5xx, connection resets, recovery), and key-leak checks.
import assert from 'node:assert/strict';
import type http from 'node:http';
import type { TestContext } from 'node:test';
import { defaultFakeHandler, request, startFakeUpstream, type FakeUpstream, type RecordedRequest, type SimpleResponse } from './helpers';

/** Three long upstream keys: labels "…AAA1", "…BBB2", "…CCC3". */
export const POOL_KEYS = ['sk-pool-key-one-0000000000AAA1', 'sk-pool-key-two-0000000000BBB2', 'sk-pool-key-three-00000000CCC3'] as const;

export type Behaviour = (req: RecordedRequest, res: http.ServerResponse) => void;

export const ok: Behaviour = (req, res) => void defaultFakeHandler(req, res);

export function status(code: number, headers: Record<string, string> = {}, body: unknown = { error: { message: `fake ${code}`, type: 'fake' } }): Behaviour {
  return (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Closes the connection without any response (a reset as the proxy sees it). */
export const reset: Behaviour = (_req, res) => {
  res.socket?.destroy();
};

/** Starts an SSE answer, sends one event, then drops the connection. */
export const streamThenReset: Behaviour = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write('data: {"choices":[{"index":0,"delta":{"content":"partial"}}]}\n\n', () => {
    setTimeout(() => res.socket?.destroy(), 20);
  });
};

export interface ScriptedUpstream extends FakeUpstream {
  /** The key each model request carried, in order (the key's index in POOL_KEYS, or -1). */
  keysSeen(): number[];
  /**
   * The key of each models-list request: the proxy's check of a key after a 401/403 (issue 12;
   * upstream/keyCheck.ts), or the merged models list. A script answers them too.
   */
  keyChecks(): number[];
  /** Sets what a key answers from now on: one behaviour (always) or a list (one per request, then ok). */
  script(keyIndex: number, b: Behaviour | Behaviour[]): void;
}

export async function startScriptedUpstream(t: TestContext, keys: readonly string[] = POOL_KEYS): Promise<ScriptedUpstream> {
  const scripts = new Map<number, Behaviour | Behaviour[]>();
  const keyOf = (r: RecordedRequest): number => keys.findIndex((k) => r.headers.authorization === `Bearer ${k}`);
  const fake = await startFakeUpstream(t, (req, res) => {
    const s = scripts.get(keyOf(req));
    const b = Array.isArray(s) ? (s.shift() ?? ok) : (s ?? ok);
    b(req, res);
  });
  const isModelsList = (r: RecordedRequest): boolean => r.method === 'GET' && /\/models(\?|$)/.test(r.url);
  return Object.assign(fake, {
    keysSeen: () => fake.requests.filter((r) => !isModelsList(r)).map(keyOf),
    keyChecks: () => fake.requests.filter(isModelsList).map(keyOf),
    script: (i: number, b: Behaviour | Behaviour[]) => void scripts.set(i, Array.isArray(b) ? [...b] : b),
  });
}

export function poolUpstream(fake: FakeUpstream, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'pooled', kind: 'openai', baseUrl: fake.baseUrl, apiKeys: [...POOL_KEYS], models: ['*'], ...extra };
}

export function chat(url: string, extraHeaders: Record<string, string> = {}, body: Record<string, unknown> = {}): Promise<SimpleResponse> {
  return request(`${url}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json', ...extraHeaders },
    body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }], ...body }),
  });
}

/**
 * No upstream key value anywhere in these texts (responses, logs, status output). Log lines pass
 * through the redacting logger first, so "[REDACTED]" would mean code tried to log a key.
 */
export function assertNoKeys(...texts: string[]): void {
  for (const text of texts) {
    for (const k of POOL_KEYS) assert.ok(!text.includes(k), 'an upstream key leaked');
    assert.ok(!text.includes('[REDACTED]'), 'something tried to log or send a key');
  }
}
