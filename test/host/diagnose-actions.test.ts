// The one-click fixes the VS Code diagnosis offers, from the shared engine's findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import './vscodeMock';
import { fixActionsFor, fixLabel } from '../../src/extension/diagnoseActions';
import { FIX_ACTIONS } from '../../src/proxy';
import type { Finding } from '../../src/proxy/diagnose/types';

const f = (code: string, status: Finding['status']): Finding => ({ code: code as Finding['code'], status, title: code, detail: '', fix: '' });

test('fixes come from failed findings first, then warnings, without duplicates; passes offer none', () => {
  const actions = fixActionsFor([f('auth_mode', 'pass'), f('lan_without_auth', 'warn'), f('stale_key', 'fail'), f('invalid_key', 'fail')]);
  assert.deepEqual(actions, ['copyKey', 'turnLanAccessOff', 'openAuthModeSetting']);
  assert.deepEqual(fixActionsFor([f('proxy_reachable', 'pass'), f('healthz', 'pass')]), []);
  assert.deepEqual(fixActionsFor([f('empty_server_key', 'fail'), f('api_key', 'fail')]), ['regenerateKey']);
  assert.equal(fixActionsFor([f('auto_lan_requires_key', 'fail'), f('lan_without_auth', 'warn'), f('upstream_auth', 'warn')], 2).length, 2);
});

test('every fix the engine offers has its own button label (the picked label finds the fix)', () => {
  const actions = [...new Set(Object.values(FIX_ACTIONS).flat())];
  const labels = actions.map(fixLabel);
  for (const label of labels) assert.ok(label.length > 3, label);
  assert.equal(new Set(labels).size, actions.length);
});
