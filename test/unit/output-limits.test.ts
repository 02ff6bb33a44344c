// Output limits (issue 14, translation-gaps §5): known limits by model name, the limit each
// provider's "too large" 400 names (parsed for the one retry), and the cap each provider applies
// (Anthropic's thinking budget kept below max_tokens).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultOutputTokens, knownOutputLimit, limitFromError } from '../../src/proxy/translate/limits';
import { anthropicOutputLimit } from '../../src/proxy/providers/anthropic/repair';
import { geminiOutputLimit } from '../../src/proxy/providers/gemini/repair';
import { openaiOutputLimit, repairOpenaiRequest } from '../../src/proxy/providers/openai/repair';

test('known limits by model name', () => {
  const cases: Array<[string, number | undefined]> = [
    ['gpt-4o-mini', 16384],
    ['gpt-4.1-2025-04-14', 32768],
    ['gpt-5.1-codex', 128000],
    ['claude-3-5-sonnet-20241022', 8192],
    ['claude-3-7-sonnet-20250219', 64000],
    ['claude-opus-4-1-20250805', 32000],
    ['claude-sonnet-4-5-20250929', 64000],
    ['claude-opus-4-6', 128000],
    ['gemini-2.0-flash', 8192],
    ['gemini-2.5-pro', 65536],
    ['qwen3:8b', undefined],
  ];
  for (const [m, n] of cases) assert.equal(knownOutputLimit(m), n, m);
  assert.equal(defaultOutputTokens('claude-3-5-haiku'), 8192);
  assert.equal(defaultOutputTokens('claude-opus-4-6'), 32000);
  assert.equal(defaultOutputTokens('deepseek-chat'), 16384);
});

test("the limit in each provider's 400", () => {
  const cases: Array<[string, number | undefined]> = [
    ['max_tokens is too large: 32000. This model supports at most 8192 completion tokens, whereas you provided 32000.', 8192],
    ['max_tokens: 128001 > 64000, which is the maximum allowed number of output tokens for claude-opus-4-5-20251101', 64000],
    [
      'Unable to submit request because it has a maxOutputTokens value of 655360 but the supported range is from 1 (inclusive) to 8193 (exclusive). Update the value and try again.',
      8192,
    ],
    ['Invalid max_tokens value, the valid range of max_tokens is [1, 8192]', 8192],
    ['max_tokens for `llama-3.1-8b-instant` must be less than or equal to 8000', 8000],
    [
      "'max_tokens' or 'max_completion_tokens' is too large: 64000. This model's maximum context length is 64001 tokens and your request has 24235 input tokens (64000 > 64001 - 24235).",
      39765,
    ],
    ['input length and `max_tokens` exceed context limit: 199759 + 8192 > 200000, decrease input length or `max_tokens` and try again', undefined],
    ['messages: field required', undefined],
  ];
  for (const [text, n] of cases) assert.equal(limitFromError(text), n, text);
});

test('each provider caps its own field, and nothing else', () => {
  assert.deepEqual(openaiOutputLimit.cap({ model: 'm', max_completion_tokens: 32000 }, 8192), { model: 'm', max_completion_tokens: 8192 });
  assert.deepEqual(openaiOutputLimit.cap({ model: 'm', max_tokens: 100 }, 8192), { model: 'm', max_tokens: 100 });
  assert.deepEqual(geminiOutputLimit.cap({ generationConfig: { maxOutputTokens: 65536, temperature: 1 } }, 8192), {
    generationConfig: { maxOutputTokens: 8192, temperature: 1 },
  });
  assert.deepEqual(anthropicOutputLimit.cap({ max_tokens: 32000, thinking: { type: 'enabled', budget_tokens: 31999 } }, 8192), {
    max_tokens: 8192,
    thinking: { type: 'enabled', budget_tokens: 7168 },
  });
  assert.deepEqual(anthropicOutputLimit.cap({ max_tokens: 32000, thinking: { type: 'enabled', budget_tokens: 2000 } }, 1500), {
    max_tokens: 1500,
    thinking: { type: 'enabled', budget_tokens: 1024 },
  });
  assert.deepEqual(anthropicOutputLimit.cap({ max_tokens: 32000, thinking: { type: 'enabled', budget_tokens: 2000 } }, 1000), { max_tokens: 1000 });
});

test('OpenAI repairs: a reasoning_effort the model lacks dropped, json_object refused by LM Studio', () => {
  assert.deepEqual(repairOpenaiRequest({ model: 'm', reasoning_effort: 'high' }, 'Unrecognized request argument supplied: reasoning_effort'), { model: 'm' });
  assert.deepEqual(repairOpenaiRequest({ model: 'm', response_format: { type: 'json_object' } }, "'response_format.type' must be 'json_schema' or 'text'"), {
    model: 'm',
    response_format: { type: 'json_schema', json_schema: { name: 'response', schema: { type: 'object' } } },
  });
  assert.equal(repairOpenaiRequest({ model: 'm' }, 'Invalid model'), undefined);
});
