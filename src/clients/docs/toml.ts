// TOML files (Codex's config.toml) edited with @decimalturn/toml-patch: the document is parsed to
// a plain object, changed, and patched back into the original text, which keeps comments,
// whitespace and the order of everything we do not touch. New tables are written as
// `[a.b]` sections, not inline tables.
import { parse, patch } from '@decimalturn/toml-patch';
import { ConfigParseError, isMatch, type ConfigDoc, type ConfigPath } from './types';

type Obj = Record<string, unknown>;

/** Sections down to this depth; deeper tables inline (`[model_providers.antigravity]` is depth 2). */
const FORMAT = { inlineTableStart: 3 };

function keyPath(path: ConfigPath): string[] {
  return path.map((s) => {
    if (isMatch(s)) throw new Error('TOML paths are keys only');
    return s;
  });
}

export class TomlDoc implements ConfigDoc {
  private text: string;
  private obj: Obj;

  constructor(
    text: string,
    readonly file: string,
  ) {
    this.text = text;
    try {
      this.obj = parse(text) as Obj;
    } catch (e) {
      throw new ConfigParseError(file, `TOML (${(e as Error).message.split('\n')[0]})`);
    }
  }

  get(path: ConfigPath): unknown {
    let cur: unknown = this.obj;
    for (const k of keyPath(path)) cur = cur && typeof cur === 'object' ? (cur as Obj)[k] : undefined;
    return cur;
  }

  private update(mutate: (copy: Obj) => void): void {
    const copy = structuredClone(this.obj);
    mutate(copy);
    this.text = patch(this.text, copy, FORMAT);
    this.obj = parse(this.text) as Obj;
  }

  set(path: ConfigPath, value: unknown): void {
    const keys = keyPath(path);
    this.update((copy) => {
      let cur = copy;
      for (const k of keys.slice(0, -1)) {
        if (!cur[k] || typeof cur[k] !== 'object') cur[k] = {};
        cur = cur[k] as Obj;
      }
      cur[keys[keys.length - 1]] = value;
    });
  }

  delete(path: ConfigPath): void {
    const keys = keyPath(path);
    if (this.get(keys) === undefined) return;
    this.update((copy) => {
      // Remove the key, then every table on the way that it left empty.
      const chain: Obj[] = [copy];
      for (const k of keys.slice(0, -1)) chain.push(chain[chain.length - 1][k] as Obj);
      for (let i = keys.length - 1; i >= 0; i--) {
        const holder = chain[i];
        const child = holder[keys[i]];
        if (i === keys.length - 1 || (child && typeof child === 'object' && Object.keys(child).length === 0)) delete holder[keys[i]];
        else break;
      }
    });
  }

  isEmpty(): boolean {
    return Object.keys(this.obj).length === 0;
  }

  toString(): string {
    return this.text;
  }
}
