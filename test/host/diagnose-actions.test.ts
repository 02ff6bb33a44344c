// The one-click fixes the VS Code diagnosis offers, from the shared engine's findings: in the
// dashboard's Diagnosis view every finding that did not pass carries its fixes (FIX_ACTIONS), and
// every fix has its own button label.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import './vscodeMock';
import { diagnosisView, fixLabel, FIX_ACTIONS, summarize, type Finding } from '../../src/proxy';

const f = (code: string, status: Finding['status']): Finding => ({ code: code as Finding['code'], status, title: code, detail: '', fix: '' });

test('fixes come with the findings that failed or warned, as the engine maps their codes; passes offer none', () => {
  const findings = [
    f('auth_mode', 'pass'),
    f('lan_without_auth', 'warn'),
    f('stale_key', 'fail'),
    f('invalid_key', 'fail'),
    f('proxy_reachable', 'pass'),
    f('empty_server_key', 'fail'),
    f('healthz', 'warn'),
  ];
  const view = diagnosisView({
    url: 'http://127.0.0.1:8045',
    effectiveAuthMode: 'off',
    effectiveAuthReason: '',
    findings,
    summary: summarize(findings),
    generatedAt: new Date(0).toISOString(),
  });
  assert.deepEqual(
    view.findings.map((x) => [x.code, x.actions]),
    [
      ['auth_mode', []],
      ['lan_without_auth', ['turnLanAccessOff', 'openAuthModeSetting']],
      ['stale_key', ['copyKey']],
      ['invalid_key', ['copyKey']],
      ['proxy_reachable', []],
      ['empty_server_key', ['regenerateKey']],
      ['healthz', []],
    ],
  );
});

test('every fix the engine offers has its own button label (the picked label finds the fix)', () => {
  const actions = [...new Set(Object.values(FIX_ACTIONS).flat())];
  const labels = actions.map(fixLabel);
  for (const label of labels) assert.ok(label.length > 3, label);
  assert.equal(new Set(labels).size, actions.length);
});
