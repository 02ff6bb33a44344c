// Routing next to an in-process upstream (issue 13): an upstream of the editor's models with
// `models: []` serves only the ids its provider offers, configured upstreams serve the rest; an
// exact name in a configured upstream's `models` wins over an offered id; aliases come first. The
// provider's model list is read from the core's cache, not listed per request, and a change event
// from the provider makes a new model routable at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startFakeUpstream, startProxy, TEST_KEY, upstreamFor } from '../helpers';
import { fakeInProcess } from '../fakeInProcess';

const chat = (url: string, model: string) =>
  request(`${url}/v1/chat/completions`, {
    headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });

const text = (r: { json<T>(): T }): string => r.json<{ choices: Array<{ message: { content: string } }> }>().choices[0].message.content;

test('an ids-only in-process upstream next to an HTTP one: editor ids go to the editor, everything else to the HTTP upstream', async (t) => {
  const fake = await startFakeUpstream(t);
  const lm = fakeInProcess('fake-lm', { changeEvent: true });
  const p = await startProxy(
    t,
    { authMode: 'off', upstreams: [upstreamFor(fake, { name: 'oa', models: ['*'] }), { name: 'editor', kind: 'fake-lm', models: [] }] },
    { inProcessProviders: [lm] },
  );
  const editor = await chat(p.url, 'fake-claude-sonnet');
  assert.equal(editor.status, 200, editor.body);
  assert.equal(text(editor), 'Hello from fake-claude-sonnet');
  // Family-like names are not mapped when other upstreams exist: only the ids route here.
  for (const model of ['claude-sonnet-4-5-20250929', 'gpt-4o']) {
    const r = await chat(p.url, model);
    assert.equal(r.status, 200, r.body);
    assert.equal(text(r), 'Hello from upstream', model);
  }
  assert.equal(lm.calls.length, 1);
  const list = (await request(`${p.url}/v1/models`)).json<{ data: Array<{ id: string; owned_by: string }> }>().data;
  assert.deepEqual(
    list.filter((m) => m.owned_by === 'editor').map((m) => m.id),
    ['fake-gpt-4o', 'fake-claude-sonnet'],
  );
});

test("an exact name in a configured upstream's models wins over an editor id; an alias applies first", async (t) => {
  const fake = await startFakeUpstream(t);
  const lm = fakeInProcess('fake-lm', { changeEvent: true });
  const p = await startProxy(
    t,
    {
      authMode: 'off',
      upstreams: [upstreamFor(fake, { name: 'oa', models: ['fake-gpt-4o', 'gpt-*'] }), { name: 'editor', kind: 'fake-lm', models: [] }],
      modelAliases: { 'gpt-5-codex': 'fake-claude-sonnet' },
    },
    { inProcessProviders: [lm] },
  );
  assert.equal(text(await chat(p.url, 'fake-gpt-4o')), 'Hello from upstream');
  assert.equal(text(await chat(p.url, 'gpt-5-codex')), 'Hello from fake-claude-sonnet');
});

test("the provider's list is read from the cache, not per request; its change event makes a new model routable at once", async (t) => {
  const fake = await startFakeUpstream(t);
  const lm = fakeInProcess('fake-lm', { changeEvent: true });
  const p = await startProxy(
    t,
    { authMode: 'off', upstreams: [upstreamFor(fake, { name: 'oa', models: ['*'] }), { name: 'editor', kind: 'fake-lm', models: [] }] },
    { inProcessProviders: [lm] },
  );
  for (let i = 0; i < 5; i++) assert.equal((await chat(p.url, i % 2 ? 'gpt-4o' : 'fake-gpt-4o')).status, 200);
  assert.equal((await request(`${p.url}/v1/models`)).status, 200);
  assert.equal(lm.listed, 1, 'listed once for five model requests and a models list');
  assert.equal(text(await chat(p.url, 'fake-o3')), 'Hello from upstream', 'not an editor model yet');
  lm.changeModels([{ id: 'fake-o3', name: 'Fake o3', vendor: 'fakevendor', family: 'o3' }]);
  assert.equal(text(await chat(p.url, 'fake-o3')), 'Hello from fake-o3');
  assert.equal(text(await chat(p.url, 'fake-gpt-4o')), 'Hello from upstream', 'gone from the editor: the HTTP upstream serves the name');
  assert.equal(lm.listed, 2);
});
