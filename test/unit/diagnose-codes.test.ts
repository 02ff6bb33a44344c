// The finding codes are a public contract: every code is documented in the README's
// "Diagnose 401" section, and every auth rejection reason is a finding code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FINDING_CODES, REASON_CODES } from '../../src/proxy/diagnose';
import { isLoopbackHost } from '../../src/proxy/diagnose/probe';
import { REJECT_REASONS } from '../../src/proxy/gate/auth';

test('every finding code is listed in README "Diagnose 401"', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('## Diagnose 401');
  assert.ok(start >= 0, 'README has a "Diagnose 401" section');
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  for (const code of Object.keys(FINDING_CODES)) assert.match(section, new RegExp('`' + code + '`'), code);
});

test('every rejection reason the auth layer can give is a finding code the diagnosis ranks', () => {
  for (const r of REJECT_REASONS) {
    assert.ok(r in FINDING_CODES, r);
    assert.ok(REASON_CODES.includes(r), `${r} has a place in the diagnosis' order`);
  }
  for (const r of REASON_CODES) assert.ok((REJECT_REASONS as readonly string[]).includes(r), `${r} is a real rejection reason`);
});

test('loopback hosts in a base URL', () => {
  for (const h of ['localhost', '127.0.0.1', '[::1]']) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['192.168.1.2', 'example.com', '[fe80::1]']) assert.equal(isLoopbackHost(h), false, h);
});
