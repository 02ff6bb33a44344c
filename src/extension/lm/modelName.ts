// What a model name says about the model, for mapping a client's model name onto the editor's
// models (issue 13): Claude Code asks for dated ids (`claude-sonnet-4-5-20250929`), Codex for
// `gpt-5-codex`, Gemini CLI for `gemini-2.5-pro`, while the editor's models are named
// `claude-sonnet-4.5`, `Claude Sonnet 4.5`, `gpt-5`... Pure: no vscode.

export interface ModelName {
  /** The model line: the first word (`claude`, `gpt`, `gemini`, `o` for o3/o4-mini, `llama`). */
  line: string;
  /** The other words, in order: tier and variant (`sonnet`, `pro`, `flash`, `mini`, `codex`). */
  words: string[];
  /** The version numbers in order (`4-5`, `4.5` -> [4, 5]); dates and revisions dropped. */
  version: number[];
}

/** Words that say nothing about which model it is. */
const NOISE = new Set(['latest', 'preview', 'exp', 'experimental', 'beta', 'alpha', 'stable', 'default', 'models', 'model']);

export function parseModelName(raw: string): ModelName {
  // `anthropic/claude-...`, `models/gemini-...`: the part after the last slash is the name.
  const name = raw.toLowerCase().slice(raw.lastIndexOf('/') + 1);
  const words: string[] = [];
  const version: number[] = [];
  // ISO dates (`gpt-4o-2024-08-06`) first, as their pieces would read as version numbers.
  for (const token of name.replace(/\d{4}-\d{2}-\d{2}/g, ' ').split(/[^a-z0-9]+/)) {
    if (!token) continue;
    let m: RegExpMatchArray | null;
    if (/^\d+$/.test(token)) {
      // Dates (20250929) and revisions (gemini-1.5-pro-002) are not versions.
      if (token.length < 4 && !(token.length === 3 && token.startsWith('0'))) version.push(Number(token));
    } else if ((m = /^([a-z]+)(\d{1,3})$/.exec(token))) {
      words.push(m[1]); // o3, qwen2
      version.push(Number(m[2]));
    } else if ((m = /^(\d{1,3})([a-z]+)$/.exec(token)) && !/^[bkm]$/.test(m[2])) {
      version.push(Number(m[1])); // 4o (but 70b is a size, a word)
      words.push(m[2]);
    } else if (!NOISE.has(token)) words.push(token);
  }
  return { line: words[0] ?? '', words: words.slice(1), version };
}

/** Compares version lists numerically, component by component (missing components count as 0). */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
