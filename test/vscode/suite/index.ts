// The extension host loads this (extensionTestsPath) and awaits run(): the same entry serves
// code-server (test/vscode/run.ts) and desktop VS Code (@vscode/test-electron, npm run test:desktop).
import path from 'node:path';
import Mocha from 'mocha';
import { writeResult } from './util';

export function runFiles(files: string[], resultName: string): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  for (const f of files) mocha.addFile(path.resolve(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // Lets the driver count the results without parsing the log.
      try {
        writeResult(resultName, { passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? failures, tests: runner.stats?.tests ?? 0 });
      } catch {
        /* no workspace folder: the exit code is enough */
      }
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
}

export function run(): Promise<void> {
  return runFiles(['extension.test.js'], 'results-main.json');
}
