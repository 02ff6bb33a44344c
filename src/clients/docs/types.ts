// One interface over the four formats client configuration files use (JSON with comments, TOML,
// YAML, .env), so a client is described as data (which file, which paths, which values) and every
// edit keeps the user's comments, order and formatting: each format is edited by a library made
// for it, never by regexes over the text (issue 14).

/** A path segment: an object key, or the element of a list whose `field` equals `value`. */
export type PathSegment = string | { field: string; value: string };
export type ConfigPath = readonly PathSegment[];

export interface ConfigDoc {
  /** The value at the path, or undefined when it is absent. */
  get(path: ConfigPath): unknown;
  /** Sets the value at the path, creating the objects (and list element) on the way. */
  set(path: ConfigPath, value: unknown): void;
  /** Removes the value at the path (a no-op when absent). */
  delete(path: ConfigPath): void;
  /** True when nothing is left (an empty object, document or file). */
  isEmpty(): boolean;
  toString(): string;
}

export type ConfigFormat = 'jsonc' | 'toml' | 'yaml' | 'dotenv';

export class ConfigParseError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file} is not valid ${message}; fix or move it, then run the command again`);
  }
}

export function isMatch(seg: PathSegment): seg is { field: string; value: string } {
  return typeof seg !== 'string';
}
