// "Antigravity: Send Test Request" with `vscode` mocked, over real loopback sockets: it sends the
// proxy's key as a client would (never the upstream key), lists the models, chats once when an
// upstream serves them, says where the request shows up, and explains a stopped proxy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { state, vscodeMock } from './vscodeMock';
import { openWindow, waitFor } from './window';
import { startFakeUpstream, UPSTREAM_KEY } from '../helpers';
import { upstreamSecretName } from '../../src/extension/secretsNames';

const run = (id: string): Promise<unknown> => vscodeMock.commands.executeCommand(id);

test('Send Test Request goes through the proxy with its key: the models list, then a one-line chat, shown and logged', async (t) => {
  const fake = await startFakeUpstream(t);
  const w = await openWindow(
    { port: 0, authMode: 'strict', upstreams: [{ name: 'fake', kind: 'openai', baseUrl: fake.baseUrl }] },
    { [upstreamSecretName('fake')]: UPSTREAM_KEY },
  );
  t.after(() => w.close());
  await run('antigravity.sendTestRequest');
  await waitFor('the result notification', () => state.notifications.length > 0);
  const n = state.notifications[0];
  assert.equal(n.kind, 'info', n.message);
  assert.match(n.message, /GET \/v1\/models: 200, 1 model\(s\)\./);
  assert.match(n.message, /Chat with gpt-test: 200 "Hello from upstream"\./);
  assert.match(n.message, /"Antigravity Proxy" log/, 'says where it appeared');
  assert.deepEqual(n.items, ['Show Log']);
  // Strict mode: it got through, so it sent the proxy's key; the upstream got its own key only.
  const chat = fake.requests.find((r) => r.method === 'POST');
  assert.equal(chat?.headers.authorization, `Bearer ${UPSTREAM_KEY}`);
  assert.ok(
    state.logLines.some((l) => /^info Test request: POST \/v1\/chat\/completions model=gpt-test -> 200/.test(l)),
    state.logLines.join('\n'),
  );
  assert.ok(!state.logLines.some((l) => l.includes(w.api.key()) || l.includes(UPSTREAM_KEY)), 'no key in the log');
});

test('Send Test Request without an upstream lists the models and says why no chat was sent', async (t) => {
  const w = await openWindow({ port: 0 });
  t.after(() => w.close());
  await run('antigravity.sendTestRequest');
  await waitFor('the result notification', () => state.notifications.length > 0);
  assert.match(state.notifications[0].message, /GET \/v1\/models: 200, 0 model\(s\)\. No upstream serves models yet/);
});

test('Send Test Request while the proxy is stopped offers Start Proxy instead', async (t) => {
  const w = await openWindow({ port: 0, autoStart: false });
  t.after(() => w.close());
  await run('antigravity.sendTestRequest');
  assert.equal(state.notifications[0].kind, 'warning');
  assert.match(state.notifications[0].message, /not running/);
  assert.deepEqual(state.notifications[0].items, ['Start Proxy']);
});
