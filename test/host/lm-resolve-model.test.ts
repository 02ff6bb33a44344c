// Which editor model serves a requested model name (src/extension/lm/resolveModel.ts): exact id,
// then the same family, then the user's default, then the most capable. Pure: no vscode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProxyError } from '../../src/proxy';
import type { InProcessModel } from '../../src/proxy';
import { compareVersions, parseModelName } from '../../src/extension/lm/modelName';
import { mostCapable, resolveModel } from '../../src/extension/lm/resolveModel';

const model = (id: string, family: string, maxInputTokens: number, name = id): InProcessModel => ({
  id,
  family,
  name,
  vendor: 'copilot',
  version: family,
  maxInputTokens,
});

// What GitHub Copilot offers, roughly (ids and families as VS Code reports them).
const COPILOT = [
  model('gpt-4.1', 'gpt-4.1', 128_000, 'GPT-4.1'),
  model('gpt-5', 'gpt-5', 128_000, 'GPT-5'),
  model('gpt-5-mini', 'gpt-5-mini', 128_000, 'GPT-5 mini'),
  model('gpt-5-codex', 'gpt-5-codex', 200_000, 'GPT-5-Codex'),
  model('claude-sonnet-4', 'claude-sonnet-4', 128_000, 'Claude Sonnet 4'),
  model('claude-sonnet-4.5', 'claude-sonnet-4.5', 200_000, 'Claude Sonnet 4.5'),
  model('claude-opus-4.1', 'claude-opus-41', 80_000, 'Claude Opus 4.1'),
  model('gemini-2.5-pro', 'gemini-2.5-pro', 1_000_000, 'Gemini 2.5 Pro'),
  model('o3-mini', 'o3-mini', 64_000, 'o3-mini'),
];

test('model names: line, tier words and version; dates, revisions and noise dropped', () => {
  assert.deepEqual(parseModelName('claude-sonnet-4-5-20250929'), { line: 'claude', words: ['sonnet'], version: [4, 5] });
  assert.deepEqual(parseModelName('Claude Sonnet 4.5'), { line: 'claude', words: ['sonnet'], version: [4, 5] });
  assert.deepEqual(parseModelName('claude-3-5-sonnet-latest'), { line: 'claude', words: ['sonnet'], version: [3, 5] });
  assert.deepEqual(parseModelName('gpt-4o-2024-08-06'), { line: 'gpt', words: ['o'], version: [4] });
  assert.deepEqual(parseModelName('gpt-5.1-codex-max'), { line: 'gpt', words: ['codex', 'max'], version: [5, 1] });
  assert.deepEqual(parseModelName('models/gemini-1.5-pro-002'), { line: 'gemini', words: ['pro'], version: [1, 5] });
  assert.deepEqual(parseModelName('o4-mini'), { line: 'o', words: ['mini'], version: [4] });
  assert.deepEqual(parseModelName('anthropic/claude-opus-4-1@20250805'), { line: 'claude', words: ['opus'], version: [4, 1] });
  assert.deepEqual(parseModelName('llama-3.1-70b-instruct'), { line: 'llama', words: ['70b', 'instruct'], version: [3, 1] });
  assert.ok(compareVersions([4, 5], [4]) > 0 && compareVersions([4], [4, 0]) === 0 && compareVersions([3, 7], [4]) < 0);
});

test('rule 1: an editor model id is served by that model (case aside)', () => {
  assert.deepEqual(resolveModel('gpt-5', COPILOT), { id: 'gpt-5', reason: '"gpt-5" is the id of an editor model' });
  assert.equal(resolveModel('GPT-5-Codex', COPILOT).id, 'gpt-5-codex');
});

test("rule 2: clients' own model names map to the closest model of the same family", () => {
  const cases: Array<[string, string]> = [
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4.5'], // Claude Code's default
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'], // same tier, same version
    ['claude-3-7-sonnet-20250219', 'claude-sonnet-4.5'], // same tier, no same major: the newest
    ['claude-opus-4-1-20250805', 'claude-opus-4.1'], // the family field reads "41": the id matches
    ['claude-haiku-4-5-20251001', 'claude-sonnet-4.5'], // no haiku: the same line, same version
    ['gpt-5.1-codex-max', 'gpt-5-codex'], // Codex: the codex tier beats the version
    ['gpt-5.1', 'gpt-5'], // no extra tier words (not gpt-5-mini), same major
    ['gpt-4o', 'gpt-4.1'], // same major beats newer
    ['gemini-2.5-flash', 'gemini-2.5-pro'], // Gemini CLI's small model
    ['gemini-3-pro-preview', 'gemini-2.5-pro'],
    ['o3', 'o3-mini'],
  ];
  for (const [asked, served] of cases) {
    const r = resolveModel(asked, COPILOT);
    assert.equal(r.id, served, asked);
    assert.match(
      r.reason,
      new RegExp(
        `^"${asked.replace(/\./g, '\\.')}" is not an editor model; ${served.replace(/\./g, '\\.')} is the closest one of the same family \\(${parseModelName(asked).line}`,
      ),
      r.reason,
    );
  }
  assert.match(resolveModel('claude-sonnet-4-5-20250929', COPILOT).reason, /\(claude, also sonnet\)$/);
});

test('rule 2 reads the family and the display name too, not just the id', () => {
  const models = [model('fake-a', 'claude-sonnet-4.5', 100), model('fake-b', 'whatever', 100, 'GPT-5'), model('fake-c', 'x', 999_999)];
  assert.equal(resolveModel('claude-sonnet-4-5-20250929', models).id, 'fake-a');
  assert.equal(resolveModel('gpt-5-codex', models).id, 'fake-b');
});

test('rule 2 ties: the larger context window, then the id', () => {
  const models = [model('b-gpt-5', 'gpt-5', 100), model('a-gpt-5', 'gpt-5', 100), model('c-gpt-5', 'gpt-5', 50)];
  assert.equal(resolveModel('gpt-5-2025-08-07', models).id, 'a-gpt-5');
  assert.equal(resolveModel('gpt-5-2025-08-07', [models[2], model('d', 'gpt-5', 400)]).id, 'd');
});

test("rule 3: no model of the family -> the user's default model, when it is available", () => {
  const r = resolveModel('llama-3.1-70b', COPILOT, 'gpt-4.1');
  assert.deepEqual(r, {
    id: 'gpt-4.1',
    reason: '"llama-3.1-70b" matches no editor model\'s family; gpt-4.1 is the default model (antigravity.languageModels.defaultModel)',
  });
  // A family match wins over the default.
  assert.equal(resolveModel('claude-sonnet-4-5-20250929', COPILOT, 'gpt-4.1').id, 'claude-sonnet-4.5');
  // The default is found case aside, and whitespace around it is ignored.
  assert.equal(resolveModel('mistral-large', COPILOT, ' GPT-5 ').id, 'gpt-5');
});

test('rule 4: otherwise the most capable: the largest context window, then the newest, then the id', () => {
  const r = resolveModel('llama-3.1-70b', COPILOT);
  assert.equal(r.id, 'gemini-2.5-pro');
  assert.match(r.reason, /gemini-2\.5-pro is the most capable one \(largest context window, then newest version\)$/);
  const gone = resolveModel('llama-3.1-70b', COPILOT, 'no-such-model');
  assert.equal(gone.id, 'gemini-2.5-pro');
  assert.match(gone.reason, /the default model "no-such-model" is not available, so gemini-2\.5-pro is the most capable one/);
  assert.equal(resolveModel('', COPILOT).id, 'gemini-2.5-pro', 'an empty name is no family');
  const sameWindow = [model('gpt-4.1', 'gpt-4.1', 128_000), model('gpt-5', 'gpt-5', 128_000), model('claude-sonnet-4', 'claude-sonnet-4', 128_000)];
  assert.equal(mostCapable(sameWindow)?.id, 'gpt-5', 'newest version among equal windows');
  assert.equal(mostCapable([model('b', 'x', 1), model('a', 'x', 1)])?.id, 'a');
});

test('no editor model at all -> 404 model_not_found that says what to install (never 401)', () => {
  assert.throws(
    () => resolveModel('gpt-5', [], 'gpt-5'),
    (e: unknown) =>
      e instanceof ProxyError &&
      e.status === 404 &&
      e.code === 'model_not_found' &&
      /No language model is available in VS Code/.test(e.message) &&
      /GitHub Copilot/.test(e.message),
  );
});
