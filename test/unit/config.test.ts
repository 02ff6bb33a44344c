import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, normalizeConfig } from '../../src/proxy/config';
import { upstreamsFromEnv } from '../../src/proxy/envUpstreams';

test('defaults: port 8045, auto, LAN off, policy first, 100 MiB bodies, 1 hour per upstream call', () => {
  const c = normalizeConfig({});
  assert.equal(c.port, 8045);
  assert.equal(c.authMode, 'auto');
  assert.equal(c.allowLanAccess, false);
  assert.equal(c.credentialPolicy, 'first');
  // The documented values (README "Configuration file"), not the constant against itself.
  assert.equal(c.maxBodyBytes, 100 * 1024 * 1024);
  assert.equal(c.upstreamConnectTimeoutMs, 10_000);
  assert.equal(c.upstreamTotalTimeoutMs, 60 * 60_000);
  assert.deepEqual(c.upstreams, []);
});

test('upstreams: apiKeys and apiKeyEnv resolved, base URL trimmed, models default to *', () => {
  const c = normalizeConfig(
    { upstreams: [{ name: 'o', kind: 'openai', baseUrl: 'https://api.example.com/v1/', apiKeys: ['k1'], apiKeyEnv: 'MY_KEY' }] },
    { MY_KEY: 'k2' },
  );
  assert.deepEqual(c.upstreams[0], {
    name: 'o',
    kind: 'openai',
    baseUrl: 'https://api.example.com/v1',
    apiKeys: ['k1', 'k2'],
    models: ['*'],
    // Key pool settings (test/unit/pool-config.test.ts): labels never hold the key.
    keyLabels: ['key #1', 'MY_KEY'],
    keySelection: 'round-robin',
    fallback: [],
  });
});

test('bad values are clear ConfigErrors', () => {
  assert.throws(
    () => normalizeConfig({ authMode: 'sometimes' }),
    (e: Error) => e instanceof ConfigError && /authMode must be one of/.test(e.message),
  );
  assert.throws(() => normalizeConfig({ port: 70000 }), /port must be an integer from 0 to 65535/);
  assert.throws(() => normalizeConfig({ upstreams: [{ baseUrl: 'ftp://x' }] }), /must be http: or https:/);
  assert.throws(() => normalizeConfig({ upstreams: [{ baseUrl: 'https://u:p@x/v1' }] }), /must not contain credentials/);
  assert.throws(
    () =>
      normalizeConfig({
        upstreams: [
          { name: 'a', baseUrl: 'http://x' },
          { name: 'a', baseUrl: 'http://y' },
        ],
      }),
    /two upstreams are named "a"/,
  );
  assert.throws(() => normalizeConfig([]), /must be a JSON object/);
  assert.throws(() => normalizeConfig({ allowLanAccess: 'yes' }), /allowLanAccess must be true or false/);
});

test('OPENAI_API_KEY and OPENAI_BASE_URL define a default upstream', () => {
  assert.deepEqual(upstreamsFromEnv({}), []);
  const [u] = upstreamsFromEnv({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:1234/v1/' });
  assert.equal(u.baseUrl, 'http://127.0.0.1:1234/v1');
  assert.deepEqual(u.apiKeys, ['k']);
  assert.equal(upstreamsFromEnv({ OPENAI_API_KEY: 'k' })[0].baseUrl, 'https://api.openai.com/v1');
});

test('an in-process kind is valid only where a provider of that kind is registered, and needs no baseUrl', () => {
  const ok = normalizeConfig({ upstreams: [{ name: 'editor', kind: 'vscode-lm' }] }, {}, { inProcessKinds: ['vscode-lm'] });
  assert.deepEqual(ok.upstreams[0], { name: 'editor', kind: 'vscode-lm', baseUrl: '', apiKeys: [], models: ['*'], keySelection: 'round-robin', fallback: [] });
  assert.throws(() => normalizeConfig({ upstreams: [{ name: 'editor', kind: 'vscode-lm' }] }), /kind "vscode-lm" exists only in the VS Code extension/);
  assert.throws(
    () => normalizeConfig({ upstreams: [{ name: 'x', kind: 'other-lm' }] }, {}, { inProcessKinds: ['vscode-lm'] }),
    /kind must be one of "openai", "anthropic", "gemini"/,
  );
});

test('an in-process upstream with `models: []` (said, not left out) serves only the ids its provider offers', () => {
  const c = normalizeConfig({ upstreams: [{ name: 'editor', kind: 'vscode-lm', models: [] }] }, {}, { inProcessKinds: ['vscode-lm'] });
  assert.deepEqual(c.upstreams[0].models, []);
  // An HTTP upstream keeps its default: an empty list is "everything".
  assert.deepEqual(normalizeConfig({ upstreams: [{ name: 'a', baseUrl: 'http://a/v1', models: [] }] }).upstreams[0].models, ['*']);
});

test('limits (issue 12): documented defaults, overridable, validated', () => {
  const c = normalizeConfig({});
  assert.equal(c.maxConnections, 512);
  assert.equal(c.maxConnectionsPerPeer, 64);
  assert.equal(c.headersTimeoutMs, 10_000);
  assert.equal(c.requestTimeoutMs, 60_000);
  assert.equal(c.maxBufferedBodyBytes, 256 * 1024 * 1024);
  const o = normalizeConfig({ maxConnections: 64, maxConnectionsPerPeer: 4, headersTimeoutMs: 2000, requestTimeoutMs: 2000, maxBufferedBodyBytes: 1 << 20 });
  assert.deepEqual([o.maxConnections, o.maxConnectionsPerPeer, o.headersTimeoutMs, o.requestTimeoutMs, o.maxBufferedBodyBytes], [64, 4, 2000, 2000, 1 << 20]);
  assert.throws(() => normalizeConfig({ maxConnections: 1 }), /maxConnections must be an integer >= 2/);
  assert.throws(() => normalizeConfig({ headersTimeoutMs: 500 }), /headersTimeoutMs must be an integer >= 1000/);
  assert.throws(() => normalizeConfig({ headersTimeoutMs: 70_000 }), /requestTimeoutMs \(60000\) must be at least headersTimeoutMs \(70000\)/);
  assert.throws(() => normalizeConfig({ maxBufferedBodyBytes: '1GB' }), ConfigError);
});
