// Helpers for the Diagnose 401 tests (issue 4).
import assert from 'node:assert/strict';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { diagnose, type DiagnoseInput, type DiagnosisReport, type Finding, type FindingCode } from '../src/proxy/diagnose';
import { TEST_KEY, type TestProxy } from './helpers';

export { closedPort } from './helpers';

/** Runs the engine against a test proxy, as the CLI would (key known, snapshot fetched). */
export function diagnoseProxy(p: TestProxy, extra: Partial<DiagnoseInput> = {}): Promise<DiagnosisReport> {
  return diagnose({ baseUrl: p.url, key: TEST_KEY, host: 'cli', timeoutMs: 2000, ...extra });
}

export function findings(r: DiagnosisReport, code: FindingCode): Finding[] {
  return r.findings.filter((f) => f.code === code);
}

/** The one finding with this code; fails the test with the whole report when absent. */
export function finding(r: DiagnosisReport, code: FindingCode): Finding {
  const f = r.findings.find((x) => x.code === code);
  assert.ok(f, `no finding "${code}" in:\n${r.findings.map((x) => `${x.status} ${x.code}: ${x.title}`).join('\n')}`);
  return f;
}

export function failures(r: DiagnosisReport): Finding[] {
  return r.findings.filter((f) => f.status === 'fail');
}

/** Every 8-character piece of a key: none may appear in anything the proxy stores or shows. */
export function assertNoKeyPiece(text: string, key: string, what: string): void {
  for (let i = 0; i + 8 <= key.length; i++) {
    const piece = key.slice(i, i + 8);
    assert.ok(!text.includes(piece), `${what} contains "${piece}", a piece of a key`);
  }
}

/** A non-loopback IPv4 address of this machine, to act as a LAN peer or a LAN URL. */
export function lanAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  throw new Error('this test needs a non-loopback IPv4 address on this machine');
}

/** A loopback HTTP server that is not the proxy (another program holding a port). */
export async function startStranger(t: TestContext): Promise<string> {
  const s = http.createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'text/plain' });
    res.end('Unauthorized');
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  t.after(
    () =>
      new Promise<void>((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  );
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}
