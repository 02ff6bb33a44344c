// .env files (Gemini CLI's ~/.gemini/.env) edited line by line: each line is read with the
// `dotenv` parser Gemini CLI itself uses, so we change exactly the lines that define our
// variables and leave comments, blank lines and every other variable as they are.
import { parse } from 'dotenv';
import { isMatch, type ConfigDoc, type ConfigPath } from './types';

const PLAIN = /^[A-Za-z0-9_./:@+-]*$/;

function name(path: ConfigPath): string {
  if (path.length !== 1 || isMatch(path[0])) throw new Error('.env paths are one variable name');
  return path[0];
}

function render(key: string, value: unknown): string {
  const v = String(value);
  return PLAIN.test(v) ? `${key}=${v}` : `${key}=${JSON.stringify(v)}`;
}

export class DotenvDoc implements ConfigDoc {
  private lines: string[];
  private readonly eol: string;

  constructor(
    text: string,
    readonly file: string,
  ) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.lines = text === '' ? [] : text.split(/\r?\n/);
    if (this.lines.length && this.lines[this.lines.length - 1] === '') this.lines.pop();
  }

  /** The index of the last line defining the variable (dotenv lets a later line win). */
  private find(key: string): number {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      if (Object.prototype.hasOwnProperty.call(parse(this.lines[i]), key)) return i;
    }
    return -1;
  }

  get(path: ConfigPath): unknown {
    const key = name(path);
    const i = this.find(key);
    return i < 0 ? undefined : parse(this.lines[i])[key];
  }

  set(path: ConfigPath, value: unknown): void {
    const key = name(path);
    const i = this.find(key);
    if (i >= 0 && this.get(path) === String(value)) return;
    if (i >= 0) this.lines[i] = render(key, value);
    else this.lines.push(render(key, value));
  }

  delete(path: ConfigPath): void {
    const key = name(path);
    for (let i = this.find(key); i >= 0; i = this.find(key)) this.lines.splice(i, 1);
  }

  isEmpty(): boolean {
    return this.lines.every((l) => l.trim() === '');
  }

  toString(): string {
    return this.lines.length ? this.lines.join(this.eol) + this.eol : '';
  }
}
