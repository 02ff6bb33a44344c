// Which tool sent a request, from its User-Agent (issue 15: usage per client). A pure function over
// the formats the real clients send; test/unit/usage-client.test.ts holds a real string for each:
// claude-cli/2.1.114 (external, cli), codex_cli_rs/0.46.0 (…) (also codex_exec/, codex_vscode/),
// GeminiCLI/0.34.0/gemini-2.5-pro (darwin; arm64; terminal) google-genai-sdk/…, Continue/1.2.8,
// Roo-Code 3.28.0, opencode/1.18.3 ai-sdk/…, OpenAI/JS 6.49.0, Anthropic/JS 0.137.0,
// google-genai-sdk/1.52.0 gl-node/v20.20.2, curl/8.5.0. Tools that call through the openai SDK
// without a name of their own (Cline, Continue's OpenAI-compatible provider) count as openai-sdk.
// The first rule that matches wins, so a tool that appends its SDK's token is named after the tool.

export const CLIENT_FAMILIES = [
  'claude-code',
  'codex',
  'gemini-cli',
  'continue',
  'roo-code',
  'opencode',
  'openai-sdk',
  'anthropic-sdk',
  'google-genai',
  'ai-sdk',
  'curl',
  'browser',
  'python',
  'node',
  'antigravity',
  'other',
  'unknown',
] as const;

export type ClientFamily = (typeof CLIENT_FAMILIES)[number];

const RULES: ReadonlyArray<readonly [RegExp, ClientFamily]> = [
  [/^antigravity-proxy/i, 'antigravity'],
  [/^claude-cli\/|\bclaude-code\//i, 'claude-code'],
  [/^codex[_-]/i, 'codex'],
  [/^gemini-?cli\//i, 'gemini-cli'],
  [/^continue\//i, 'continue'],
  [/^roo-?code[/ ]/i, 'roo-code'],
  [/^opencode\//i, 'opencode'],
  [/^(?:Azure)?OpenAI\//, 'openai-sdk'],
  [/^Anthropic\//, 'anthropic-sdk'],
  [/\bgoogle-genai-sdk\//i, 'google-genai'],
  [/^ai\/\d|\bai-sdk\//, 'ai-sdk'],
  [/^curl\//i, 'curl'],
  [/^Mozilla\//, 'browser'],
  [/^(?:python-requests|python-httpx|aiohttp|Python-urllib)\//i, 'python'],
  [/^(?:node(?:-fetch)?|undici|axios)(?:\/|$)/i, 'node'],
];

/** The client family of a User-Agent value ('unknown' when there is none). */
export function classifyClient(userAgent: string | undefined): ClientFamily {
  if (!userAgent) return 'unknown';
  const ua = userAgent.trimStart();
  for (const [re, family] of RULES) if (re.test(ua)) return family;
  return 'other';
}

export function isClientFamily(v: unknown): v is ClientFamily {
  return typeof v === 'string' && (CLIENT_FAMILIES as readonly string[]).includes(v);
}
