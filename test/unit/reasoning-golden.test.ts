// Reasoning settings both ways (issue 14, translation-gaps §2): each client's way of asking read
// into IRReasoning, and each provider's way of saying it written from there. Claude Code's
// adaptive thinking + effort must reach OpenAI-compatible and Gemini upstreams; Gemini 3 takes a
// level and never a budget with it; Anthropic models before 4.6 take a budget below max_tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropicRequestToIR, irToAnthropicRequest } from '../../src/proxy/providers/anthropic/request';
import { geminiRequestToIR, irToGeminiRequest, switchThinkingField } from '../../src/proxy/providers/gemini/request';
import { irToOpenaiRequest, openaiRequestToIR } from '../../src/proxy/providers/openai/request';
import { responsesRequestToIR } from '../../src/proxy/providers/openai/responses/request';
import { budgetToEffort } from '../../src/proxy/translate/reasoning';
import type { IRRequest } from '../../src/proxy/translate/ir';

const hi = [{ role: 'user', content: 'hi' }];

test('inbound: every client way of asking for reasoning', () => {
  const claude = (thinking: unknown, output_config?: unknown) =>
    anthropicRequestToIR({ model: 'm', max_tokens: 100, messages: hi, thinking, output_config }).reasoning;
  assert.deepEqual(claude({ type: 'adaptive' }, { effort: 'medium' }), { mode: 'auto', effort: 'medium', includeThoughts: true });
  assert.deepEqual(claude({ type: 'adaptive', display: 'omitted' }), { mode: 'auto', effort: 'high', includeThoughts: false });
  assert.deepEqual(claude({ type: 'enabled', budget_tokens: 2048 }), { mode: 'on', budget: 2048, includeThoughts: true });
  assert.deepEqual(claude({ type: 'disabled' }), { mode: 'off' });
  assert.deepEqual(claude(undefined, { effort: 'max' }), { mode: 'auto', effort: 'max' });
  assert.equal(claude(undefined), undefined);

  assert.deepEqual(openaiRequestToIR({ model: 'm', messages: hi, reasoning_effort: 'none' }).reasoning, { mode: 'off' });
  assert.deepEqual(openaiRequestToIR({ model: 'm', messages: hi, reasoning_effort: 'xhigh' }).reasoning, {
    mode: 'auto',
    effort: 'xhigh',
    includeThoughts: true,
  });
  assert.deepEqual(responsesRequestToIR({ model: 'm', input: 'hi', reasoning: { effort: 'high', summary: null } }).reasoning, {
    mode: 'auto',
    effort: 'high',
    includeThoughts: false,
  });

  const gem = (thinkingConfig: unknown) =>
    geminiRequestToIR({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { thinkingConfig } }, 'g', false).reasoning;
  assert.deepEqual(gem({ thinkingBudget: 0 }), { mode: 'off' });
  assert.deepEqual(gem({ thinkingBudget: -1, includeThoughts: true }), { mode: 'auto', includeThoughts: true });
  assert.deepEqual(gem({ thinkingBudget: 4000 }), { mode: 'on', budget: 4000 });
  assert.deepEqual(gem({ thinkingLevel: 'LOW', includeThoughts: true }), { mode: 'auto', effort: 'low', includeThoughts: true });
});

test('budget -> effort: the table inverted, Claude Code ultrathink (31999) is xhigh', () => {
  assert.deepEqual([512, 1024, 8192, 24576, 31999, 0].map(budgetToEffort), ['minimal', 'low', 'medium', 'high', 'xhigh', undefined]);
});

const ir = (model: string, reasoning: IRRequest['reasoning'], maxTokens?: number): IRRequest => ({
  model,
  messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }],
  stream: false,
  reasoning,
  maxTokens,
});

test('outbound OpenAI chat: reasoning_effort from an effort or a budget; off left unsaid', () => {
  assert.equal(irToOpenaiRequest(ir('gpt-5', { mode: 'auto', effort: 'high' })).reasoning_effort, 'high');
  assert.equal(irToOpenaiRequest(ir('gpt-5', { mode: 'on', budget: 1024 })).reasoning_effort, 'low');
  assert.equal(irToOpenaiRequest(ir('gpt-5', { mode: 'off' })).reasoning_effort, undefined);
  assert.equal(irToOpenaiRequest(ir('gpt-5', { mode: 'auto' })).reasoning_effort, undefined);
});

test('outbound Gemini: a budget for 2.x (and unknown names), a level for 3, never both', () => {
  const tc = (model: string, r: IRRequest['reasoning']) => (irToGeminiRequest(ir(model, r)).generationConfig as Record<string, unknown>).thinkingConfig;
  assert.deepEqual(tc('gemini-2.5-flash', { mode: 'auto', effort: 'medium' }), { thinkingBudget: 8192, includeThoughts: true });
  assert.deepEqual(tc('gemini-2.5-flash', { mode: 'auto' }), { thinkingBudget: -1, includeThoughts: true });
  assert.deepEqual(tc('gemini-2.5-flash', { mode: 'off' }), { thinkingBudget: 0 });
  assert.deepEqual(tc('gemini-3-pro-preview', { mode: 'auto', effort: 'xhigh', includeThoughts: false }), { thinkingLevel: 'HIGH', includeThoughts: false });
  assert.deepEqual(tc('gemini-3-flash', { mode: 'on', budget: 1024 }), { thinkingLevel: 'LOW', includeThoughts: true });
  assert.deepEqual(tc('gemini-3-flash', { mode: 'off' }), { thinkingLevel: 'MINIMAL' });
  // The 400 retry switches the field.
  assert.deepEqual(switchThinkingField({ thinkingLevel: 'MEDIUM', includeThoughts: true }), { includeThoughts: true, thinkingBudget: 8192 });
  assert.deepEqual(switchThinkingField({ thinkingBudget: 24576 }), { thinkingLevel: 'HIGH' });
});

test('outbound Anthropic: adaptive + output_config.effort from 4.6, a budget below max_tokens before', () => {
  const adaptive = irToAnthropicRequest(ir('claude-opus-4-7', { mode: 'auto', effort: 'minimal' }, 32000));
  assert.deepEqual(adaptive.thinking, { type: 'adaptive' });
  assert.deepEqual(adaptive.output_config, { effort: 'low' });
  const old = irToAnthropicRequest(ir('claude-sonnet-4-5-20250929', { mode: 'auto', effort: 'high' }, 8000));
  assert.deepEqual(old.thinking, { type: 'enabled', budget_tokens: 24576 });
  assert.equal(old.max_tokens, 24576 + 4096, 'max_tokens raised above the budget');
  assert.equal(old.output_config, undefined);
  // A budget the model's limit cannot hold is lowered below it (claude-3-7: 64000).
  const big = irToAnthropicRequest(ir('claude-3-7-sonnet-20250219', { mode: 'on', budget: 100000 }, 1000));
  assert.deepEqual(big, { ...big, max_tokens: 64000, thinking: { type: 'enabled', budget_tokens: 63999 } });
  assert.equal(irToAnthropicRequest(ir('claude-opus-4-7', { mode: 'off' })).thinking, undefined);
});
