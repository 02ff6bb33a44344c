// The vscode-lm bridge suite, in a window that also loads the fake provider (test/vscode/fake-lm).
import { runFiles } from './index';

export function run(): Promise<void> {
  return runFiles(['lm.test.js'], 'results-lm.json');
}
