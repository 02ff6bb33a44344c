// Structured output / JSON mode both ways (issue 14, translation-gaps §1): Gemini CLI's router call
// (responseMimeType + responseJsonSchema) must reach an OpenAI-compatible upstream as
// response_format, Codex's --output-schema (text.format) Anthropic as output_config.format, and so on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropicRequestToIR, irToAnthropicRequest } from '../../src/proxy/providers/anthropic/request';
import { geminiRequestToIR, irToGeminiRequest } from '../../src/proxy/providers/gemini/request';
import { irToOpenaiRequest, openaiRequestToIR } from '../../src/proxy/providers/openai/request';
import { openaiResponseToIR } from '../../src/proxy/providers/openai/response';
import { responsesRequestToIR } from '../../src/proxy/providers/openai/responses/request';
import { anthropicSchema, geminiJsonSchema, strictable } from '../../src/proxy/translate/structured';
import type { IRRequest } from '../../src/proxy/translate/ir';

const schema = {
  type: 'object',
  properties: { reasoning: { type: 'string' }, model_choice: { type: 'string', enum: ['flash', 'pro'] } },
  required: ['reasoning', 'model_choice'],
};

test('inbound: response_format, text.format, responseMimeType + schemas, output_config.format', () => {
  assert.deepEqual(openaiRequestToIR({ model: 'm', messages: [], response_format: { type: 'json_object' } }).responseFormat, { type: 'json' });
  assert.deepEqual(
    openaiRequestToIR({ model: 'm', messages: [], response_format: { type: 'json_schema', json_schema: { name: 'r', schema, strict: true } } }).responseFormat,
    { type: 'json', schema, name: 'r', strict: true },
  );
  assert.equal(openaiRequestToIR({ model: 'm', messages: [], response_format: { type: 'text' } }).responseFormat, undefined);
  const codex = { verbosity: 'low', format: { type: 'json_schema', strict: true, schema, name: 'codex_output_schema' } };
  assert.deepEqual(responsesRequestToIR({ model: 'm', input: 'x', text: codex }).responseFormat, {
    type: 'json',
    schema,
    name: 'codex_output_schema',
    strict: true,
  });
  const gem = (gc: Record<string, unknown>) => geminiRequestToIR({ contents: [], generationConfig: gc }, 'g', false).responseFormat;
  assert.deepEqual(gem({ responseMimeType: 'application/json', responseJsonSchema: schema }), { type: 'json', schema });
  assert.deepEqual(gem({ responseMimeType: 'application/json', responseSchema: { type: 'OBJECT', properties: { a: { type: 'STRING', nullable: true } } } }), {
    type: 'json',
    schema: { type: 'object', properties: { a: { type: ['string', 'null'] } } },
  });
  assert.deepEqual(gem({ responseMimeType: 'application/json' }), { type: 'json' });
  assert.equal(gem({ responseMimeType: 'text/plain' }), undefined);
  assert.deepEqual(
    anthropicRequestToIR({ model: 'm', max_tokens: 1, messages: [], output_config: { format: { type: 'json_schema', schema } } }).responseFormat,
    { type: 'json', schema },
  );
  assert.deepEqual(anthropicRequestToIR({ model: 'm', max_tokens: 1, messages: [], output_format: { type: 'json_schema', schema } }).responseFormat, {
    type: 'json',
    schema,
  });
});

const ir = (model: string, responseFormat: IRRequest['responseFormat'], text = 'pick a model'): IRRequest => ({
  model,
  system: 'You route.',
  messages: [{ role: 'user', parts: [{ type: 'text', text }] }],
  stream: false,
  responseFormat,
});

test('outbound OpenAI chat: json_schema (strict only where strict mode can take it), json_object with the word JSON', () => {
  assert.deepEqual(irToOpenaiRequest(ir('m', { type: 'json', schema, name: 'router', strict: true })).response_format, {
    type: 'json_schema',
    json_schema: { name: 'router', schema, strict: false },
  });
  const closed = { ...schema, additionalProperties: false };
  assert.equal(
    (irToOpenaiRequest(ir('m', { type: 'json', schema: closed, strict: true })).response_format as { json_schema: { strict: boolean } }).json_schema.strict,
    true,
  );
  const plain = irToOpenaiRequest(ir('m', { type: 'json' }));
  assert.deepEqual(plain.response_format, { type: 'json_object' });
  assert.match((plain.messages as Array<{ content: string }>)[0].content, /^You route\.\n\nRespond with only a single JSON object/);
  // Already mentioned: the prompt stays as it was.
  assert.equal((irToOpenaiRequest(ir('m', { type: 'json' }, 'answer in JSON')).messages as Array<{ content: string }>)[0].content, 'You route.');
});

test('outbound Gemini: responseMimeType + responseJsonSchema with only the keys Gemini knows', () => {
  const gc = irToGeminiRequest(
    ir('g', { type: 'json', schema: { ...schema, $schema: 'x', additionalProperties: false, properties: { a: { type: 'string', minLength: 2 } } } }),
  ).generationConfig;
  assert.deepEqual(gc, {
    responseMimeType: 'application/json',
    responseJsonSchema: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } }, required: schema.required },
  });
  assert.deepEqual(irToGeminiRequest(ir('g', { type: 'json' })).generationConfig, { responseMimeType: 'application/json' });
  assert.deepEqual(geminiJsonSchema({ anyOf: [{ type: 'string', pattern: 'x' }] }), { anyOf: [{ type: 'string' }] });
});

test('outbound Anthropic: output_config.format with closed objects (4.5+), the instruction otherwise', () => {
  const out = irToAnthropicRequest(ir('claude-sonnet-4-5', { type: 'json', schema: { type: 'object', properties: { n: { type: 'integer', minimum: 1 } } } }));
  assert.deepEqual(out.output_config, {
    format: {
      type: 'json_schema',
      schema: { type: 'object', properties: { n: { type: 'integer', description: '(minimum: 1)' } }, additionalProperties: false },
    },
  });
  assert.equal(out.system, 'You route.');
  const old = irToAnthropicRequest(ir('claude-3-5-sonnet-20241022', { type: 'json', schema }));
  assert.equal(old.output_config, undefined);
  assert.match(String(old.system), /matches this JSON Schema/);
  const noSchema = irToAnthropicRequest(ir('claude-opus-4-7', { type: 'json' }));
  assert.equal(noSchema.output_config, undefined);
  assert.match(String(noSchema.system), /single JSON object/);
});

test('schema helpers: strict mode needs closed objects with every property required', () => {
  assert.equal(strictable(schema), false);
  assert.equal(strictable({ ...schema, additionalProperties: false }), true);
  assert.equal(strictable({ type: 'object', properties: { a: { type: 'object', properties: {} } }, required: ['a'], additionalProperties: false }), false);
  assert.deepEqual(anthropicSchema({ type: 'array', items: { type: 'object', properties: {} } }), {
    type: 'array',
    items: { type: 'object', properties: {}, additionalProperties: false },
  });
});

test('a refusal in a structured answer is its text, stopped as content_filter', () => {
  const r = openaiResponseToIR({
    id: 'c',
    model: 'm',
    choices: [{ message: { role: 'assistant', content: null, refusal: "I can't help with that." }, finish_reason: 'stop' }],
  });
  assert.deepEqual(r.parts, [{ type: 'text', text: "I can't help with that." }]);
  assert.equal(r.stopReason, 'content_filter');
});
