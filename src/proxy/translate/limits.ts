// Output-token limits (issue 14): Claude Code asks for max_tokens 32000 (128000 for some models),
// Codex asks for none, and a model that allows less answers 400. So the proxy clamps to the
// model's limit when it knows it (this table, by model name), and otherwise reads the limit out of
// the provider's "too large" 400 and retries once (routes/translated.ts, routes/forward.ts).
// Sources: the providers' model pages and their error texts (/work/prompts/translation-gaps.md §5).

/** Most output tokens per model family, most specific first; matched against the lower-cased name. */
const KNOWN: ReadonlyArray<[RegExp, number]> = [
  [/gpt-3\.5|gpt-4-(?:1106|0125|turbo)|gpt-4$|gpt-4-0613/, 4096],
  [/gpt-4o/, 16384],
  [/gpt-4\.1/, 32768],
  [/gpt-5(?:\.\d+)?-pro/, 272000],
  [/gpt-5/, 128000],
  [/claude-3-haiku|claude-3-opus|claude-3-sonnet/, 4096],
  [/claude-3-5|claude-3\.5/, 8192],
  [/claude-3-7|claude-3\.7/, 64000],
  [/claude-opus-4(?:-[01])?(?:-\d{8})?$|claude-opus-4-1/, 32000],
  [/claude-(?:sonnet-4|haiku-4|opus-4-5)(?:-5)?(?!-[6-9])/, 64000],
  [/claude-(?:opus|sonnet|haiku)-(?:4-[6-9]|[5-9])/, 128000],
  [/gemini-2\.0-flash/, 8192],
  [/gemini-(?:2\.5|3)/, 65536],
];

/** The model's output limit when this table knows it. */
export function knownOutputLimit(model: string): number | undefined {
  const m = model.toLowerCase();
  for (const [re, n] of KNOWN) if (re.test(m)) return n;
  return undefined;
}

/** How providers say "max_tokens is too large" (HTTP 400), and the limit each message gives. */
const TOO_LARGE: ReadonlyArray<[RegExp, (m: RegExpExecArray) => number]> = [
  // OpenAI: "... This model supports at most 4096 completion tokens, whereas you provided 8192."
  [/supports at most (\d+) completion tokens/, (m) => Number(m[1])],
  // Anthropic: "max_tokens: 128001 > 64000, which is the maximum allowed number of output tokens for ..."
  [/max_tokens: \d+ > (\d+), which is the maximum allowed/, (m) => Number(m[1])],
  // Gemini: "... supported range is from 1 (inclusive) to 8193 (exclusive)."
  [/to (\d+) \(exclusive\)/, (m) => Number(m[1]) - 1],
  // DeepSeek: "Invalid max_tokens value, the valid range of max_tokens is [1, 8192]"
  [/valid range of max_tokens is \[1, (\d+)\]/, (m) => Number(m[1])],
  // Groq: "max_tokens for `llama-3.1-8b-instant` must be less than or equal to 8000"
  [/max_tokens.*must be less than or equal to (\d+)/, (m) => Number(m[1])],
  // vLLM: "... maximum context length is 64001 tokens and your request has 24235 input tokens (64000 > 64001 - 24235)."
  [/\(\d+ > (\d+) - (\d+)\)/, (m) => Number(m[1]) - Number(m[2]) - 1],
  // Anthropic (context): "input length and `max_tokens` exceed context limit: 199759 + 8192 > 200000, ..."
  [/exceed context limit: (\d+) \+ \d+ > (\d+)/, (m) => Number(m[2]) - Number(m[1]) - 1],
  // OpenAI (context): "maximum context length is 8192 tokens. However, you requested 8256 tokens (64 in the messages, 8192 in the completion)"
  [/maximum context length is (\d+) tokens[\s\S]*?\((\d+) in the messages/, (m) => Number(m[1]) - Number(m[2]) - 1],
];

/** The smallest limit worth a retry: below it the prompt itself is the problem, and the 400 stands. */
const MIN_RETRY_LIMIT = 1024;

/** The output limit a provider's 400 names, when it is one of the "too large" messages above. */
export function limitFromError(text: string): number | undefined {
  for (const [re, read] of TOO_LARGE) {
    const m = re.exec(text);
    if (!m) continue;
    const n = read(m);
    return Number.isFinite(n) && n >= MIN_RETRY_LIMIT ? n : undefined;
  }
  return undefined;
}

/**
 * The output limit to send when the client gave none and the provider needs one (Anthropic): the
 * model's own when known (at most 32000, Claude Code's usual ask), else 16384. Codex sends none,
 * and 4096 cut its edits short ("Incomplete response returned, reason: max_output_tokens").
 */
export function defaultOutputTokens(model: string): number {
  const known = knownOutputLimit(model);
  return known ? Math.min(known, 32000) : 16384;
}
