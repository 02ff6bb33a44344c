// Issue 11's first bug: several upstream keys stored in SecretStorage (one entry, newline-separated)
// became one broken key at startup, because a second path applied the raw entry; now settings plus
// SecretStorage go through one function (settings.ts loadConfig) at startup and after every change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vscodeMock } from './vscodeMock';
import { openWindow, waitFor } from './window';
import { request, startFakeUpstream } from '../helpers';
import { upstreamSecretName } from '../../src/extension/secretsNames';

const ONE = 'sk-one-aaaaaaaaaaaaaaaa';
const TWO = 'sk-two-bbbbbbbbbbbbbbbb';
const THREE = 'sk-three-cccccccccccccc';

test('two upstream keys stored before activation are two keys in the running pool, at startup and after a secret change', async (t) => {
  const upstream = await startFakeUpstream(t);
  const w = await openWindow(
    { port: 0, upstreams: [{ name: 'openai', kind: 'openai', baseUrl: upstream.baseUrl, models: ['*'] }] },
    { [upstreamSecretName('openai')]: `${ONE}\n${TWO}` },
  );
  t.after(() => w.close());
  assert.equal(w.api.phase(), 'running');
  const labels = (): string[] | undefined =>
    w.api
      .poolStatus()
      .upstreams.find((u) => u.name === 'openai')
      ?.keys.map((k) => k.label);
  assert.deepEqual(labels(), ['…aaaa', '…bbbb'], 'at startup, before any setting changed');

  // Round robin: the upstream sees each key on its own, never the stored entry as one key.
  const chat = (): Promise<unknown> =>
    request(`http://127.0.0.1:${w.api.port()}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
    });
  await chat();
  await chat();
  assert.deepEqual(upstream.requests.map((r) => r.headers.authorization).sort(), [`Bearer ${ONE}`, `Bearer ${TWO}`]);

  // Another window (or this one) stores a new pair: the same function applies it.
  await w.secrets.store(upstreamSecretName('openai'), `${TWO}\n${THREE}`);
  await waitFor('the new keys in the pool', () => labels()?.join() === '…bbbb,…cccc');
  upstream.requests.length = 0;
  await chat();
  await chat();
  assert.deepEqual(upstream.requests.map((r) => r.headers.authorization).sort(), [`Bearer ${THREE}`, `Bearer ${TWO}`]);

  // Removed: the upstream has no key at all (not one empty key).
  await w.secrets.delete(upstreamSecretName('openai'));
  await waitFor('no key in the pool', () => labels()?.length === 0);
});

test('Set Upstream API Key… stores several keys as one SecretStorage entry and applies them before it returns', async (t) => {
  const w = await openWindow({ port: 0, autoStart: false, upstreams: [{ name: 'openai', kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1' }] });
  t.after(() => w.close());
  w.api.answerPrompts(`${ONE}, ${TWO} ${THREE}`);
  await vscodeMock.commands.executeCommand('antigravity.setUpstreamKey');
  assert.equal(w.store.get(upstreamSecretName('openai')), `${ONE}\n${TWO}\n${THREE}`);
  assert.deepEqual(
    w.api.poolStatus().upstreams[0].keys.map((k) => k.label),
    ['…aaaa', '…bbbb', '…cccc'],
  );
});
