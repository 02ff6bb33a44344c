// Who is asking, from the User-Agent: a family to group by and a label people read ("Claude Code
// 2.1.3"). The editor's models ask the user's consent naming the client (issue 13), and the request
// log groups by family (issue 15). Only the first product token is read; the raw value is never
// shown whole (it may be long, and it is client-supplied).

export interface ClientIdentity {
  /** Stable, lower case: "claude-code", "codex", "gemini-cli", "openai-sdk", "curl", ... */
  family: string;
  /** For people: "Claude Code 2.1.3". */
  label: string;
}

/** Product token (lower-cased) -> family and name; the first match wins. */
const KNOWN: ReadonlyArray<[RegExp, string, string]> = [
  [/^claude-cli$/, 'claude-code', 'Claude Code'],
  [/^codex(_cli_rs|_exec|-tui)?$/, 'codex', 'Codex'],
  [/^geminicli$/, 'gemini-cli', 'Gemini CLI'],
  [/^continue(-cli)?$/, 'continue', 'Continue'],
  [/^openai\/(js|python|go|java|dotnet)$/, 'openai-sdk', 'OpenAI SDK'],
  [/^anthropic\/(js|python|go|java)$/, 'anthropic-sdk', 'Anthropic SDK'],
  [/^google-genai-sdk$/, 'google-genai-sdk', 'Google GenAI SDK'],
  [/^curl$/, 'curl', 'curl'],
];

/** The first "name/version" of a User-Agent, with the SDKs' "OpenAI/JS 6.1.0" form. */
const PRODUCT = /^\s*([A-Za-z][\w.-]*(?:\/(?:JS|Python|Go|Java|DotNet))?)(?:[/ ]v?(\d[\w.+-]{0,30}))?/i;

export function clientFromUserAgent(ua: string | undefined): ClientIdentity {
  const m = PRODUCT.exec(ua ?? '');
  if (!m) return { family: 'unknown', label: 'an unknown client' };
  const token = m[1].slice(0, 40);
  const version = m[2] ? ` ${m[2]}` : '';
  for (const [re, family, name] of KNOWN) if (re.test(token.toLowerCase())) return { family, label: name + version };
  return { family: token.toLowerCase(), label: token + version };
}
