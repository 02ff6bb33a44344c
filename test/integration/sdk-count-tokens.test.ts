// Token counting and model lists through the official SDKs, for every upstream kind: never a
// 404/501 (count_tokens breaks Claude Code otherwise: LiteLLM #13252, CLIProxyAPI #4410).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider } from '../fakeProviders';

for (const kind of ['openai', 'anthropic', 'gemini'] as const) {
  test(`anthropic SDK countTokens and models.list, ${kind} upstream`, async (t) => {
    const fake = await startFakeProvider(t, kind);
    const p = await startProxy(t, { authMode: 'strict', upstreams: [{ name: 'u', kind, baseUrl: fake.apiBase, apiKeys: [UPSTREAM_KEY], models: ['m-*'] }] });
    const client = new Anthropic({ apiKey: TEST_KEY, baseURL: p.url, maxRetries: 0 });
    const n = await client.messages.countTokens({ model: 'm-text', system: 'sys', messages: [{ role: 'user', content: 'Hello, how are you today?' }] });
    assert.ok(n.input_tokens > 0);
    if (kind !== 'openai') assert.equal(n.input_tokens, 42, 'the upstream counted');
    const models = [];
    for await (const m of client.models.list({ limit: 1000 })) models.push(m.id);
    assert.ok(models.includes('m-text'));
  });

  test(`genai SDK countTokens and models.list, ${kind} upstream`, async (t) => {
    const fake = await startFakeProvider(t, kind);
    const p = await startProxy(t, { authMode: 'strict', upstreams: [{ name: 'u', kind, baseUrl: fake.apiBase, apiKeys: [UPSTREAM_KEY], models: ['m-*'] }] });
    const ai = new GoogleGenAI({ apiKey: TEST_KEY, httpOptions: { baseUrl: p.url } });
    const n = await ai.models.countTokens({ model: 'm-text', contents: 'Hello, how are you today?' });
    assert.ok((n.totalTokens ?? 0) > 0);
    if (kind !== 'openai') assert.equal(n.totalTokens, 42);
    const pager = await ai.models.list();
    const names: string[] = [];
    for await (const m of pager) names.push(m.name ?? '');
    assert.ok(names.includes('models/m-text'), names.join(','));
  });
}

test('models.retrieve in the OpenAI and Anthropic SDKs', async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const p = await startProxy(t, { authMode: 'off', upstreams: [{ name: 'u', kind: 'openai', baseUrl: fake.apiBase, models: ['m-*'] }] });
  const { default: OpenAI } = await import('openai');
  const openai = new OpenAI({ apiKey: TEST_KEY, baseURL: `${p.url}/v1`, maxRetries: 0 });
  const m = await openai.models.retrieve('m-text');
  assert.equal(m.id, 'm-text');
  assert.equal(m.object, 'model');
  await assert.rejects(openai.models.retrieve('nope'), (e: unknown) => e instanceof OpenAI.NotFoundError);
  const anthropic = new Anthropic({ apiKey: TEST_KEY, baseURL: p.url, maxRetries: 0 });
  const a = await anthropic.models.retrieve('m-text');
  assert.equal(a.type, 'model');
  assert.equal(a.id, 'm-text');
  await assert.rejects(anthropic.models.retrieve('nope'), (e: unknown) => e instanceof Anthropic.NotFoundError);
});
