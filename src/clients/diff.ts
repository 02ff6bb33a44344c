// The change a plan makes, as a unified diff (the `diff` package), with the proxy key and
// anything shaped like a key masked: what a terminal shows must not leak a credential.
import { createTwoFilesPatch } from 'diff';
import { redact } from '../proxy';
import type { FileChange } from './plan';

export function renderDiff(changes: readonly FileChange[], secrets: readonly string[]): string {
  const parts = changes.map((c) => {
    const from = c.before === undefined ? '/dev/null' : c.path;
    const to = c.after === undefined ? '/dev/null' : c.path;
    return createTwoFilesPatch(from, to, c.before ?? '', c.after ?? '', undefined, undefined, { context: 3 });
  });
  return redact(parts.join(''), secrets);
}
