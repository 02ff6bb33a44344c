// Reasoning settings across protocols (issue 14): every client's way of asking for reasoning
// (Anthropic thinking enabled/adaptive/disabled + output_config.effort, OpenAI reasoning_effort,
// Responses reasoning.effort, Gemini thinkingBudget / thinkingLevel) read into one IRReasoning,
// and the one effort <-> token budget table each provider's request writer uses to say it back.
// Table: Google's OpenAI-compatibility layer and CLIProxyAPI use the same anchors (low 1K,
// medium 8K, high 24K); the inverse puts Claude Code's 31999-token "ultrathink" at xhigh.
import { isRecord, type Effort, type IRReasoning } from './ir';

const EFFORTS: readonly Effort[] = ['minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

/** Tokens for an effort; `max` has no number of its own (the model's limit: callers decide). */
export const EFFORT_BUDGET: Readonly<Record<Exclude<Effort, 'max'>, number>> = { minimal: 512, low: 1024, medium: 8192, high: 24576, xhigh: 32768 };

/** An effort word from any client ("HIGH" from Gemini too); 'none' means off; anything else undefined. */
export function parseEffort(v: unknown): Effort | 'none' | undefined {
  if (typeof v !== 'string') return undefined;
  const e = v.toLowerCase();
  if (e === 'none') return 'none';
  return (EFFORTS as readonly string[]).includes(e) ? (e as Effort) : undefined;
}

/** The effort a number of tokens amounts to (the table's inverse, midpoints between its anchors). */
export function budgetToEffort(n: number): Effort | undefined {
  if (n <= 0) return undefined;
  if (n <= 640) return 'minimal';
  if (n <= 2048) return 'low';
  if (n <= 12288) return 'medium';
  if (n <= 28672) return 'high';
  return 'xhigh';
}

/** The effort to send to an effort-only upstream; undefined: let the model decide (or off). */
export function effortOf(r: IRReasoning): Effort | undefined {
  if (r.mode === 'off') return undefined;
  return r.effort ?? (r.budget !== undefined ? budgetToEffort(r.budget) : undefined);
}

/** The token budget to send to a budget-only upstream; undefined: let the model decide. */
export function budgetOf(r: IRReasoning, max?: number): number | undefined {
  if (r.mode === 'off') return 0;
  if (r.budget !== undefined) return r.budget;
  if (!r.effort) return undefined;
  return r.effort === 'max' ? max : EFFORT_BUDGET[r.effort];
}

/** OpenAI chat `reasoning_effort` / Responses `reasoning.effort` (+ Responses `summary`). */
export function openaiReasoningToIR(effort: unknown, summary?: unknown): IRReasoning | undefined {
  const e = parseEffort(effort);
  if (e === undefined) return undefined;
  if (e === 'none') return { mode: 'off' };
  return { mode: 'auto', effort: e, includeThoughts: summary === undefined ? true : summary !== null };
}

/** Anthropic `thinking` and `output_config.effort`. */
export function anthropicReasoningToIR(thinking: unknown, outputConfig: unknown): IRReasoning | undefined {
  const effort = parseEffort(isRecord(outputConfig) ? outputConfig.effort : undefined);
  const e = effort === 'none' ? undefined : effort;
  if (!isRecord(thinking)) return e ? { mode: 'auto', effort: e } : undefined;
  const includeThoughts = thinking.display !== 'omitted';
  switch (thinking.type) {
    case 'enabled':
      return {
        mode: 'on',
        ...(typeof thinking.budget_tokens === 'number' ? { budget: thinking.budget_tokens } : {}),
        ...(e ? { effort: e } : {}),
        includeThoughts,
      };
    case 'adaptive':
      return { mode: 'auto', effort: e ?? 'high', includeThoughts };
    case 'disabled':
    case 'between_tools':
      return { mode: 'off' };
    default:
      return e ? { mode: 'auto', effort: e } : undefined;
  }
}

/** Gemini `generationConfig.thinkingConfig` (0 = off, -1 = automatic, or a level). */
export function geminiReasoningToIR(tc: unknown): IRReasoning | undefined {
  if (!isRecord(tc)) return undefined;
  const include = typeof tc.includeThoughts === 'boolean' ? { includeThoughts: tc.includeThoughts } : {};
  const level = parseEffort(tc.thinkingLevel);
  if (level && level !== 'none') return { mode: 'auto', effort: level, ...include };
  const b = tc.thinkingBudget;
  if (typeof b === 'number' && Number.isFinite(b)) {
    if (b === 0) return { mode: 'off' };
    if (b < 0) return { mode: 'auto', ...include };
    return { mode: 'on', budget: b, ...include };
  }
  return typeof tc.includeThoughts === 'boolean' ? { mode: 'auto', ...include } : undefined;
}
