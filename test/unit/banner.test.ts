// LAN access with authentication effectively off is never silent: the CLI's start-up banner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exposureWarning } from '../../src/cli/banner';
import { effectiveAuthMode, type AuthMode } from '../../src/proxy/config';

test('the banner shows exactly when LAN access is on and the effective mode is off', () => {
  const modes: AuthMode[] = ['off', 'strict', 'all_except_health', 'auto'];
  for (const mode of modes) {
    for (const lan of [false, true]) {
      const w = exposureWarning({ allowLanAccess: lan }, effectiveAuthMode(mode, lan).mode);
      const expected = lan && mode === 'off';
      assert.equal(w !== undefined, expected, `${mode} lan=${lan}`);
      if (w) assert.match(w, /WARNING: LAN access is on and authentication is off/);
    }
  }
});
