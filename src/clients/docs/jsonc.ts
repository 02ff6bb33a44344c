// JSON (and JSON with comments) files edited in place with jsonc-parser's modify/applyEdits, the
// library VS Code itself uses for settings.json: comments, key order and indentation survive.
import { applyEdits, modify, parse, printParseErrorCode, type FormattingOptions, type ParseError } from 'jsonc-parser';
import { ConfigParseError, isMatch, type ConfigDoc, type ConfigPath } from './types';

type JsonPath = Array<string | number>;

/** The indentation and line ending the file already uses (2 spaces and \n for a new file). */
function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = text.split(/\r?\n/).find((l) => /^[ \t]+\S/.test(l));
  if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  const width = indented ? indented.length - indented.trimStart().length : 2;
  return { insertSpaces: true, tabSize: Math.min(Math.max(width, 1), 8), eol };
}

export class JsoncDoc implements ConfigDoc {
  private text: string;

  constructor(
    text: string,
    readonly file: string,
  ) {
    this.text = text;
    this.value(); // fail early on a file we cannot parse
  }

  private value(): unknown {
    if (this.text.trim() === '') return undefined;
    const errors: ParseError[] = [];
    const v = parse(this.text, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length) throw new ConfigParseError(this.file, `JSON (${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset})`);
    return v;
  }

  /** Resolves list-element segments to indices; undefined when an element is missing. */
  private resolve(path: ConfigPath, create: boolean): JsonPath | undefined {
    const out: JsonPath = [];
    let cur: unknown = this.value();
    for (const seg of path) {
      if (isMatch(seg)) {
        const list = Array.isArray(cur) ? cur : [];
        let i = list.findIndex((e) => (e as Record<string, unknown> | null)?.[seg.field] === seg.value);
        if (i < 0) {
          if (!create) return undefined;
          i = list.length;
        }
        out.push(i);
        cur = list[i];
      } else {
        out.push(seg);
        cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
      }
    }
    return out;
  }

  get(path: ConfigPath): unknown {
    let cur: unknown = this.value();
    const p = this.resolve(path, false);
    if (!p) return undefined;
    for (const k of p) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[k] : undefined;
    return cur;
  }

  set(path: ConfigPath, value: unknown): void {
    if (this.text.trim() === '') this.text = '{}';
    const p = this.resolve(path, true)!;
    // A list element that does not exist yet is appended (index -1 inserts at the end).
    const last = p[p.length - 1];
    const target = typeof last === 'number' && this.get(path) === undefined ? [...p.slice(0, -1), -1] : p;
    this.text = applyEdits(this.text, modify(this.text, target, value, { formattingOptions: formattingOf(this.text) }));
  }

  delete(path: ConfigPath): void {
    const p = this.resolve(path, false);
    if (!p || this.get(path) === undefined) return;
    this.text = applyEdits(this.text, modify(this.text, p, undefined, { formattingOptions: formattingOf(this.text) }));
  }

  isEmpty(): boolean {
    const v = this.value();
    return v === undefined || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
  }

  toString(): string {
    return this.text;
  }
}
