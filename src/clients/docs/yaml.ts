// YAML files (Continue's config.yaml) edited through the `yaml` package's Document API: the parsed
// document keeps comments, key order and scalar styles, and only the nodes we change are rewritten.
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { ConfigParseError, isMatch, type ConfigDoc, type ConfigPath } from './types';

type YamlPath = Array<string | number>;

export class YamlDoc implements ConfigDoc {
  private doc: Document;

  constructor(
    text: string,
    readonly file: string,
  ) {
    this.doc = parseDocument(text);
    if (this.doc.errors.length) throw new ConfigParseError(file, `YAML (${this.doc.errors[0].message.split('\n')[0]})`);
  }

  /** Resolves list-element segments to indices; undefined when an element is missing. */
  private resolve(path: ConfigPath, create: boolean): YamlPath | undefined {
    const out: YamlPath = [];
    for (const seg of path) {
      if (!isMatch(seg)) {
        out.push(seg);
        continue;
      }
      const list = this.doc.getIn(out);
      const items = isSeq(list) ? list.items : [];
      let i = items.findIndex((e) => isMap(e) && e.get(seg.field) === seg.value);
      if (i < 0) {
        if (!create) return undefined;
        i = items.length;
      }
      out.push(i);
    }
    return out;
  }

  get(path: ConfigPath): unknown {
    const p = this.resolve(path, false);
    if (!p) return undefined;
    const node = this.doc.getIn(p, true);
    return node === undefined ? undefined : (node as { toJSON(): unknown }).toJSON();
  }

  set(path: ConfigPath, value: unknown): void {
    const p = this.resolve(path, true)!;
    const parent = p.slice(0, -1);
    const last = p[p.length - 1];
    if (typeof last === 'number') {
      const list = this.doc.getIn(parent);
      if (!isSeq(list)) this.doc.setIn(parent, this.doc.createNode([value]));
      else if (last >= list.items.length) list.add(this.doc.createNode(value));
      else list.set(last, this.doc.createNode(value));
      return;
    }
    this.doc.setIn(p, this.doc.createNode(value));
  }

  delete(path: ConfigPath): void {
    const p = this.resolve(path, false);
    if (p && this.doc.hasIn(p)) this.doc.deleteIn(p);
  }

  isEmpty(): boolean {
    const c = this.doc.contents;
    return c === null || (isMap(c) && c.items.length === 0);
  }

  toString(): string {
    return this.isEmpty() && !this.doc.commentBefore && !this.doc.comment ? '' : this.doc.toString();
  }
}
