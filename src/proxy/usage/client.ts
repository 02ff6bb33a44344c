// Which tool sent a request, from its User-Agent (issue 15: usage per client). A pure function over
// the formats the real clients send; test/unit/usage-client.test.ts holds a real string for each:
// claude-cli/2.1.114 (external, cli), codex_cli_rs/0.46.0 (…) (also codex_exec/, codex_vscode/),
// GeminiCLI/0.34.0/gemini-2.5-pro (darwin; arm64; terminal) google-genai-sdk/…, Continue/1.2.8,
// Roo-Code 3.28.0, opencode/1.18.3 ai-sdk/…, OpenAI/JS 6.49.0, Anthropic/JS 0.137.0,
// google-genai-sdk/1.52.0 gl-node/v20.20.2, curl/8.5.0. Tools that call through the openai SDK
// without a name of their own (Cline, Continue's OpenAI-compatible provider) count as openai-sdk.
// The first rule that matches wins, so a tool that appends its SDK's token is named after the tool.
// clientLabel says the same for people, with the version, where a client must be named to the user.

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

const NAMES: Record<ClientFamily, string> = {
  'claude-code': 'Claude Code',
  codex: 'Codex',
  'gemini-cli': 'Gemini CLI',
  continue: 'Continue',
  'roo-code': 'Roo Code',
  opencode: 'opencode',
  'openai-sdk': 'OpenAI SDK',
  'anthropic-sdk': 'Anthropic SDK',
  'google-genai': 'Google GenAI SDK',
  'ai-sdk': 'AI SDK',
  curl: 'curl',
  browser: 'a web browser',
  python: 'a Python script',
  node: 'a Node.js script',
  antigravity: 'Antigravity Proxy',
  other: '',
  unknown: 'an unknown client',
};

/** The first version number of the first product token ("OpenAI/JS 6.49.0" -> 6.49.0). */
const VERSION = /^[^\s(]*?[/ ]v?(\d+(?:\.\d+)+)/;

/**
 * Who is asking, for people: "Claude Code 2.1.114". The editor's models ask the user's consent
 * naming the client (issue 13). A tool this list does not know is named by its product token.
 */
export function clientLabel(userAgent: string | undefined): string {
  const family = classifyClient(userAgent);
  const ua = (userAgent ?? '').trimStart();
  const version = VERSION.exec(ua)?.[1];
  const name = NAMES[family] || (/^[^\s/(]{1,40}/.exec(ua)?.[0] ?? 'an unknown client');
  return version && family !== 'unknown' ? `${name} ${version}` : name;
}
