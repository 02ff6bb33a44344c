// The User-Agent classifier (issue 15): one real string per client, as captured from the tools and
// SDKs (sources in src/proxy/usage/client.ts), and the order rules that matter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLIENT_FAMILIES, classifyClient } from '../../src/proxy/usage/client';

const REAL: Array<[string, string]> = [
  ['claude-cli/2.1.114 (external, cli)', 'claude-code'],
  ['claude-cli/2.1.288 (external, sdk-cli)', 'claude-code'],
  ['codex_cli_rs/0.38.0 (Ubuntu 24.04.2 LTS; x86_64) WindowsTerminal', 'codex'],
  ['codex_exec/0.144.6', 'codex'],
  ['GeminiCLI/0.1.5 (linux; x64)', 'gemini-cli'],
  ['GeminiCLI/0.34.0/gemini-2.5-pro (darwin; arm64; terminal) google-genai-sdk/1.41.0 gl-node/v22.19.0', 'gemini-cli'],
  ['Continue/1.2.8', 'continue'],
  ['Roo-Code 3.28.0', 'roo-code'],
  ['RooCode/3.48.0', 'roo-code'],
  ['opencode/1.18.3 ai-sdk/provider-utils/3.0.1 runtime/bun/1.2', 'opencode'],
  ['OpenAI/JS 6.49.0', 'openai-sdk'],
  ['OpenAI/Python 1.99.1', 'openai-sdk'],
  ['AzureOpenAI/JS 6.26.0', 'openai-sdk'],
  ['Anthropic/JS 0.137.0', 'anthropic-sdk'],
  ['Anthropic/Python 0.40.0', 'anthropic-sdk'],
  ['google-genai-sdk/1.52.0 gl-node/v20.20.2', 'google-genai'],
  ['ai/5.0.26 ai-sdk/provider-utils/3.0.1 runtime/node.js/22', 'ai-sdk'],
  ['curl/8.5.0', 'curl'],
  ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'browser'],
  ['python-requests/2.32.3', 'python'],
  ['python-httpx/0.27.0', 'python'],
  ['node', 'node'],
  ['node-fetch', 'node'],
  ['undici', 'node'],
  ['antigravity-proxy-diagnose/0.1.0', 'antigravity'],
  ['Go-http-client/1.1', 'other'],
];

test('each real User-Agent gets its family', () => {
  for (const [ua, family] of REAL) assert.equal(classifyClient(ua), family, ua);
});

test('no User-Agent is unknown; every answer is a listed family', () => {
  assert.equal(classifyClient(undefined), 'unknown');
  assert.equal(classifyClient(''), 'unknown');
  for (const [ua] of REAL) assert.ok(CLIENT_FAMILIES.includes(classifyClient(ua)));
});

test('a tool that appends its SDK is named after the tool, not the SDK', () => {
  assert.equal(classifyClient('GeminiCLI/0.61.0 (linux; x64) google-genai-sdk/1.52.0 gl-node/v24.1.0'), 'gemini-cli');
  assert.equal(classifyClient('opencode/1.0.0 ai-sdk/provider-utils/3.0.1'), 'opencode');
});
