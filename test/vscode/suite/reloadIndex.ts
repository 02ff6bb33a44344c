// Second page load of the same browser session: a new window (new extension host) after a reload.
import { runFiles } from './index';

export function run(): Promise<void> {
  return runFiles(['reload.test.js'], 'results-reload.json');
}
