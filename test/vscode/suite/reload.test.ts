// After the window was reloaded (a new extension host in the same browser profile): the key the
// first run ended with is still the key, read back from SecretStorage, and the proxy serves again.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { api, bearer, readResult, request, settings, waitFor } from './util';

suite('after a window reload', () => {
  test('the API key persisted in SecretStorage and the proxy auto-started again', async () => {
    const a = await api();
    const expected = readResult<string>('key.sha256');
    assert.ok(expected, 'the first run recorded the key hash');
    assert.equal(crypto.createHash('sha256').update(a.key()).digest('hex'), expected);
    await waitFor('the proxy to run', () => a.phase() === 'running', 15_000);
    const base = `http://127.0.0.1:${settings().get<number>('port')}`;
    assert.equal((await request(`${base}/v1/models`, { headers: bearer(a.key()) })).status, 200);
  });
});
