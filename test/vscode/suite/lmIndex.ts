// The vscode-lm suites, in a window that also loads the fake provider (test/vscode/fake-lm): the
// bridge on its own, then through the proxy with the official SDKs, then its measured cost.
import { runFiles } from './index';

export function run(): Promise<void> {
  return runFiles(['lm.test.js', 'lmProxy.test.js', 'lmPerf.test.js'], 'results-lm.json');
}
