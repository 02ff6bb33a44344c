// Model routing (exact name, then the most specific wildcard, then defaultUpstream), aliases,
// and the config that drives them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, normalizeConfig } from '../../src/proxy/config';
import { upstreamsFromEnv } from '../../src/proxy/envUpstreams';
import { compileUpstreams, resolveAlias, routeModel } from '../../src/proxy/upstream/routing';

const ups = compileUpstreams(
  normalizeConfig({
    upstreams: [
      { name: 'any', baseUrl: 'http://a/v1', models: ['*'] },
      { name: 'claude', kind: 'anthropic', baseUrl: 'http://b', models: ['claude-*'] },
      { name: 'sonnet', kind: 'anthropic', baseUrl: 'http://c', models: ['claude-sonnet-*', 'special'] },
      { name: 'gem', kind: 'gemini', baseUrl: 'http://d', models: ['gemini-2.5-pro'] },
    ],
  }).upstreams,
);

test('exact name beats every pattern; the most specific pattern beats config order', () => {
  assert.equal(routeModel(ups, 'gemini-2.5-pro')?.config.name, 'gem');
  assert.equal(routeModel(ups, 'claude-sonnet-4-5')?.config.name, 'sonnet');
  assert.equal(routeModel(ups, 'claude-opus-4-1')?.config.name, 'claude');
  assert.equal(routeModel(ups, 'special')?.config.name, 'sonnet');
  assert.equal(routeModel(ups, 'gpt-5')?.config.name, 'any');
});

test('defaultUpstream serves what no pattern matches', () => {
  const narrow = compileUpstreams(
    normalizeConfig({
      upstreams: [
        { name: 'a', baseUrl: 'http://a/v1', models: ['gpt-*'] },
        { name: 'b', baseUrl: 'http://b/v1', models: ['x'] },
      ],
    }).upstreams,
  );
  assert.equal(routeModel(narrow, 'llama'), undefined);
  assert.equal(routeModel(narrow, 'llama', 'b')?.config.name, 'b');
});

test('aliases: exact key first, then the most specific pattern', () => {
  const aliases = { 'claude-*': 'gpt-5-mini', 'claude-sonnet-*': 'gpt-5', 'claude-sonnet-4-5': 'o3' };
  assert.equal(resolveAlias(aliases, 'claude-sonnet-4-5'), 'o3');
  assert.equal(resolveAlias(aliases, 'claude-sonnet-4'), 'gpt-5');
  assert.equal(resolveAlias(aliases, 'claude-haiku-4-5'), 'gpt-5-mini');
  assert.equal(resolveAlias(aliases, 'gpt-4o'), 'gpt-4o');
  assert.equal(resolveAlias({}, 'toString'), 'toString', 'no prototype keys');
});

test('config: modelAliases and defaultUpstream are validated', () => {
  assert.throws(() => normalizeConfig({ modelAliases: { a: 1 } }), ConfigError);
  assert.throws(() => normalizeConfig({ modelAliases: ['x'] }), ConfigError);
  assert.throws(
    () => normalizeConfig({ defaultUpstream: 'nope', upstreams: [{ name: 'a', baseUrl: 'http://a/v1' }] }),
    /defaultUpstream must be the name of a configured upstream \("a"\)/,
  );
  const c = normalizeConfig({ defaultUpstream: 'a', modelAliases: { 'claude-*': 'gpt-5' }, upstreams: [{ name: 'a', baseUrl: 'http://a/v1' }] });
  assert.equal(c.defaultUpstream, 'a');
  assert.deepEqual(c.modelAliases, { 'claude-*': 'gpt-5' });
  assert.equal(c.sseKeepAliveMs, 10_000);
  assert.equal(normalizeConfig({ sseKeepAliveMs: 0 }).sseKeepAliveMs, 0);
});

test('config: a bare Anthropic or Gemini host gets its API root', () => {
  const c = normalizeConfig({
    upstreams: [
      { name: 'a', kind: 'anthropic', baseUrl: 'https://api.anthropic.com' },
      { name: 'g', kind: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com/' },
      { name: 'o', kind: 'openai', baseUrl: 'http://localhost:11434/v1/' },
    ],
  });
  assert.deepEqual(
    c.upstreams.map((u) => u.baseUrl),
    ['https://api.anthropic.com/v1', 'https://generativelanguage.googleapis.com/v1beta', 'http://localhost:11434/v1'],
  );
});

test('environment: ANTHROPIC_API_KEY, GEMINI_API_KEY/GOOGLE_API_KEY and OPENAI_API_KEY add default upstreams', () => {
  assert.deepEqual(upstreamsFromEnv({}), []);
  const all = upstreamsFromEnv({ OPENAI_API_KEY: 'o', ANTHROPIC_API_KEY: 'a', GOOGLE_API_KEY: 'g' });
  assert.deepEqual(
    all.map((u) => [u.name, u.kind, u.baseUrl, u.models]),
    [
      ['anthropic', 'anthropic', 'https://api.anthropic.com/v1', ['claude-*']],
      ['gemini', 'gemini', 'https://generativelanguage.googleapis.com/v1beta', ['gemini-*', 'gemma-*']],
      ['openai', 'openai', 'https://api.openai.com/v1', ['*']],
    ],
  );
  assert.equal(upstreamsFromEnv({ GEMINI_API_KEY: 'x', GOOGLE_API_KEY: 'y' })[0].apiKeys[0], 'x', 'GEMINI_API_KEY wins');
  const onlyAnthropic = upstreamsFromEnv({ ANTHROPIC_API_KEY: 'a', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9999' });
  assert.deepEqual(onlyAnthropic[0].models, ['claude-*', '*'], 'without OpenAI the first provider serves every model');
  assert.equal(onlyAnthropic[0].baseUrl, 'http://127.0.0.1:9999/v1');
  const compiled = compileUpstreams(all);
  assert.equal(routeModel(compiled, 'claude-opus-4-1')?.config.name, 'anthropic');
  assert.equal(routeModel(compiled, 'gemini-2.5-flash')?.config.name, 'gemini');
  assert.equal(routeModel(compiled, 'gpt-5')?.config.name, 'openai');
});
