// A translated call whose upstream refuses a field it was given (issue 14): Claude Code asks for
// reasoning on every request, and a model without reasoning answers 400 naming reasoning_effort.
// The proxy retries once without the field, and from then on leaves it out for that model, so
// the round trip is paid once, not per request. A 400 it cannot repair is passed on as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { chatCompletion, startFakeUpstream, startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';

test('a 400 naming reasoning_effort: one retry without it, then left out up front', async (t) => {
  const fake = await startFakeUpstream(t, (req, res) => {
    const body = JSON.parse(req.body);
    const refuse =
      body.reasoning_effort !== undefined
        ? 'Unrecognized request argument supplied: reasoning_effort'
        : body.model === 'm-broken'
          ? 'Invalid value for messages'
          : undefined;
    const out = JSON.stringify(
      refuse ? { error: { message: refuse, type: 'invalid_request_error', param: null, code: null } } : chatCompletion('fine', body.model),
    );
    res.writeHead(refuse ? 400 : 200, { 'content-type': 'application/json' });
    res.end(out);
  });
  const p = await startProxy(t, { upstreams: [{ name: 'gpt4o', kind: 'openai', baseUrl: fake.baseUrl, apiKeys: [UPSTREAM_KEY], models: ['m-*'] }] });
  const client = new Anthropic({ baseURL: p.url, apiKey: TEST_KEY, maxRetries: 0 });
  const ask = (model: string) =>
    client.messages.create({
      model,
      max_tokens: 100,
      thinking: { type: 'adaptive' },
      messages: [{ role: 'user', content: 'hi' }],
    } as unknown as Anthropic.MessageCreateParamsNonStreaming);
  for (let i = 0; i < 2; i++) assert.deepEqual((await ask('m-plain')).content, [{ type: 'text', text: 'fine' }]);
  const sent = fake.requests.map((r) => JSON.parse(r.body).reasoning_effort ?? null);
  assert.deepEqual(sent, ['high', null, null], 'refused once, then never sent again');
  await assert.rejects(ask('m-broken'), (e: unknown) => e instanceof Anthropic.BadRequestError && /Invalid value for messages/.test(e.message));
});
