// Who is asking, for people (usage/client.ts clientLabel): the name an editor model's consent
// dialog shows for a client, with its version, from the User-Agent strings the real clients send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientLabel } from '../../src/proxy/usage/client';

test('known clients by name and version; others by their product token; nothing for no User-Agent', () => {
  const cases: Array<[string | undefined, string]> = [
    ['claude-cli/2.1.114 (external, cli)', 'Claude Code 2.1.114'],
    ['codex_cli_rs/0.46.0 (Ubuntu 22.4.0; x86_64) xterm-256color', 'Codex 0.46.0'],
    ['GeminiCLI/0.34.0/gemini-2.5-pro (darwin; arm64; terminal) google-genai-sdk/1.30.0', 'Gemini CLI 0.34.0'],
    ['OpenAI/JS 6.49.0', 'OpenAI SDK 6.49.0'],
    ['Anthropic/JS 0.137.0', 'Anthropic SDK 0.137.0'],
    ['google-genai-sdk/1.52.0 gl-node/v20.20.2', 'Google GenAI SDK 1.52.0'],
    ['Roo-Code 3.28.0', 'Roo Code 3.28.0'],
    ['curl/8.5.0', 'curl 8.5.0'],
    ['my-tool/3.1 (linux)', 'my-tool 3.1'],
    ['', 'an unknown client'],
    [undefined, 'an unknown client'],
  ];
  for (const [ua, label] of cases) assert.equal(clientLabel(ua), label, String(ua));
});
