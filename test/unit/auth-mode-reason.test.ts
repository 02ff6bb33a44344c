// The display sentence for the effective auth mode (translated in VS Code) is, in English, exactly
// the reason the core sends on the wire (effectiveAuthMode().reason), so the two cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTH_MODES, authModeReason, effectiveAuthMode } from '../../src/proxy';

test('authModeReason() in English is effectiveAuthMode().reason for every mode and LAN setting', () => {
  for (const mode of AUTH_MODES) {
    for (const lan of [false, true]) assert.equal(authModeReason(mode, lan), effectiveAuthMode(mode, lan).reason, `${mode}, LAN ${lan}`);
  }
});
