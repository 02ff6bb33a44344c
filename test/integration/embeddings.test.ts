// POST /v1/embeddings through the OpenAI SDK (which asks for base64 by default): forwarded to an
// OpenAI-compatible upstream, translated to batchEmbedContents for a Gemini one, refused clearly
// for an Anthropic one (it has no embeddings API).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider } from '../fakeProviders';

test('embeddings: openai pass-through, gemini translated (float and base64), anthropic refused', async (t) => {
  const o = await startFakeProvider(t, 'openai');
  const g = await startFakeProvider(t, 'gemini');
  const a = await startFakeProvider(t, 'anthropic');
  const p = await startProxy(t, {
    authMode: 'off',
    upstreams: [
      { name: 'o', kind: 'openai', baseUrl: o.apiBase, models: ['text-embedding-3-small'] },
      { name: 'g', kind: 'gemini', baseUrl: g.apiBase, apiKeys: [UPSTREAM_KEY], models: ['gemini-embedding-*'] },
      { name: 'a', kind: 'anthropic', baseUrl: a.apiBase, models: ['claude-*'] },
    ],
  });
  const client = new OpenAI({ apiKey: TEST_KEY, baseURL: `${p.url}/v1`, maxRetries: 0 });
  const viaOpenai = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
  assert.deepEqual(viaOpenai.data[0].embedding, [0.25, 0.5]);
  const base64 = await client.embeddings.create({ model: 'gemini-embedding-001', input: ['a', 'b'], dimensions: 3 });
  assert.deepEqual(
    base64.data.map((d) => d.embedding),
    [
      [0, 0.5, -1],
      [1, 0.5, -1],
    ],
  );
  const floats = await client.embeddings.create({ model: 'gemini-embedding-001', input: 'a', encoding_format: 'float' });
  assert.deepEqual(floats.data[0].embedding, [0, 0.5, -1]);
  const sent = g.bodies()[0];
  assert.deepEqual(sent.requests[1], { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] }, outputDimensionality: 3 });
  assert.equal(g.requests[0].url, '/v1beta/models/gemini-embedding-001:batchEmbedContents');
  const err = await client.embeddings.create({ model: 'claude-x', input: 'a' }).then(
    () => assert.fail('expected an error'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof OpenAI.BadRequestError);
  assert.match(err.message, /has no embeddings API/);
});
