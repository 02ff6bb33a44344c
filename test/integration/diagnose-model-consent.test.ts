// Step 7 (issue 13): a request the editor's models refuse because the user has not allowed the
// proxy to use the model is answered 403 lm_no_permission (never 401: a 401 means the proxy's own
// key) and Diagnose 401 says so, naming the model and the client, with the consent step to take.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy, TEST_KEY } from '../helpers';
import { fakeInProcess } from '../fakeInProcess';
import { diagnoseProxy, finding, findings } from '../diagnose-helpers';

const ask = (url: string, content: string) =>
  request(`${url}/v1/messages`, {
    headers: {
      'x-api-key': TEST_KEY,
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'user-agent': 'claude-cli/2.1.114 (external, cli)',
    },
    body: JSON.stringify({ model: 'claude-sonnet-4-5-20250929', max_tokens: 50, messages: [{ role: 'user', content }] }),
  });

test("a refused model -> 403 lm_no_permission in the client's protocol, never 401 -> finding model_consent", async (t) => {
  const lm = fakeInProcess('vscode-lm');
  const p = await startProxy(t, { authMode: 'strict', upstreams: [{ name: 'editor', kind: 'vscode-lm' }] }, { inProcessProviders: [lm] });
  const r = await ask(p.url, 'not allowed');
  assert.equal(r.status, 403);
  assert.equal(r.json().type, 'error');
  assert.equal(r.json().error.type, 'permission_error');
  assert.match(r.json().error.message, /has not allowed Antigravity Proxy to use the language model "fake-claude-sonnet"/);
  assert.equal(r.headers['x-antigravity-auth'], undefined, 'not an auth rejection');

  const report = await diagnoseProxy(p);
  const f = finding(report, 'model_consent');
  assert.equal(f.status, 'fail');
  assert.match(f.title, /"fake-claude-sonnet" \(1 request\(s\) refused with 403\)/);
  assert.match(f.detail, /claude-cli\/2\.1\.114/);
  assert.match(f.fix, /Manage Language Model Access/);
  assert.equal(finding(report, 'recent_rejections').status, 'pass', 'no 401 was recorded');
});

test('no refusal: a pass where the editor models are served, nothing where they are not', async (t) => {
  const lm = fakeInProcess('vscode-lm');
  const p = await startProxy(t, { authMode: 'off', upstreams: [{ name: 'editor', kind: 'vscode-lm' }] }, { inProcessProviders: [lm] });
  assert.equal((await ask(p.url, 'hi')).status, 200);
  assert.equal(finding(await diagnoseProxy(p), 'model_consent').status, 'pass');

  const plain = await startProxy(t, { authMode: 'off' });
  assert.equal(findings(await diagnoseProxy(plain), 'model_consent').length, 0);
});
