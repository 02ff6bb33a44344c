// Whether the editor offers what the vscode-lm kind needs (src/extension/lm/support.ts): on an
// editor without the Language Model API the kind is unavailable with a message that says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vscodeMock } from './vscodeMock';
import { LM_MIN_VSCODE, lmUnavailableReason } from '../../src/extension/lm/support';
import pkg from '../../package.json';

test('an editor with the Language Model API: available', () => {
  assert.equal(lmUnavailableReason(vscodeMock as never), undefined);
});

test('an editor without it (no vscode.lm, or no data parts): unavailable, with the version it needs', () => {
  const { lm: _lm, ...noLm } = vscodeMock;
  const { LanguageModelDataPart: _d, ...noData } = vscodeMock;
  for (const api of [
    { ...noLm, version: '1.89.1' },
    { ...noData, version: '1.105.0' },
  ]) {
    const why = lmUnavailableReason(api as never);
    assert.match(why ?? '', new RegExp(`needs VS Code ${LM_MIN_VSCODE.replace('.', '\\.')} or later`));
    assert.match(why ?? '', new RegExp(`this editor \\(VS Code ${api.version.replace(/\./g, '\\.')}\\)`));
    assert.match(why ?? '', /Every other upstream works as usual/);
  }
});

test('the version the message names is the extension minimum (engines.vscode)', () => {
  assert.equal(pkg.engines.vscode.replace(/^\^/, '').split('.').slice(0, 2).join('.'), LM_MIN_VSCODE);
});
