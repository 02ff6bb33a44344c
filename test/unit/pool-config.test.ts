// Key pool configuration: several keys with names, several env vars, selection mode, fallbacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, normalizeConfig } from '../../src/proxy/config';

const base = { name: 'oa', baseUrl: 'https://api.example.com/v1' };

test('apiKeys as strings and {name, key}; apiKeyEnv as a list; labels never hold the key', () => {
  const c = normalizeConfig(
    {
      upstreams: [
        {
          ...base,
          apiKeys: ['sk-plain-key-0000000000WXYZ', { name: 'work', key: 'sk-work-key-0000000000000' }, ''],
          apiKeyEnv: ['KEY_A', 'KEY_MISSING', 'KEY_B'],
        },
      ],
    },
    { KEY_A: 'sk-from-env-a-00000000000', KEY_B: 'sk-from-env-b-00000000000' },
  );
  const u = c.upstreams[0];
  assert.deepEqual(u.apiKeys, ['sk-plain-key-0000000000WXYZ', 'sk-work-key-0000000000000', 'sk-from-env-a-00000000000', 'sk-from-env-b-00000000000']);
  assert.deepEqual(u.keyLabels, ['…WXYZ', 'work', 'KEY_A', 'KEY_B']);
  assert.equal(u.keySelection, 'round-robin');
  assert.deepEqual(u.fallback, []);
});

test('apiKeyEnv as a single name still works', () => {
  const c = normalizeConfig({ upstreams: [{ ...base, apiKeyEnv: 'OPENAI_API_KEY' }] }, { OPENAI_API_KEY: 'sk-x-000000000000000000' });
  assert.deepEqual(c.upstreams[0].apiKeys, ['sk-x-000000000000000000']);
  assert.deepEqual(c.upstreams[0].keyLabels, ['OPENAI_API_KEY']);
});

test('bad key entries, selection modes and fallbacks are configuration errors', () => {
  assert.throws(() => normalizeConfig({ upstreams: [{ ...base, apiKeys: [42] }] }), ConfigError);
  assert.throws(() => normalizeConfig({ upstreams: [{ ...base, apiKeys: 'sk-one' }] }), ConfigError);
  assert.throws(() => normalizeConfig({ upstreams: [{ ...base, apiKeyEnv: [1] }] }), ConfigError);
  assert.throws(() => normalizeConfig({ upstreams: [{ ...base, keySelection: 'random' }] }), ConfigError);
  assert.throws(() => normalizeConfig({ upstreams: [{ ...base, fallback: ['nope'] }] }), /fallback "nope"/);
  assert.throws(() => normalizeConfig({ upstreams: [{ ...base, fallback: ['oa'] }] }), /another configured upstream/);
  const ok = normalizeConfig({
    upstreams: [
      { ...base, keySelection: 'sticky', fallback: ['b'] },
      { ...base, name: 'b' },
    ],
  });
  assert.equal(ok.upstreams[0].keySelection, 'sticky');
  assert.deepEqual(ok.upstreams[0].fallback, ['b']);
});
