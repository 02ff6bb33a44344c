// One mocked VS Code window for the host tests: the extension activated in ExtensionMode.Test
// with the given settings and SecretStorage, its test API, and a close() that disposes every
// subscription and waits until the port is released. Also a free loopback port and a bounded wait.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockSecrets, resetMock, state, vscodeMock } from './vscodeMock';
import { activate, type TestApi } from '../../src/extension/main';

export { freePort } from '../helpers';

export interface MockWindow {
  api: TestApi;
  /** SecretStorage's contents. */
  store: Map<string, string>;
  /** SecretStorage (store/delete fire onDidChange, as another window's writes do). */
  secrets: { store(k: string, v: string): Promise<void>; delete(k: string): Promise<void> };
  /** The extension's global storage folder (its state: the usage store, connected clients, Roo Code's import file). */
  storage: string;
  close(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** The context activate() gets: this repository as the extension, a global storage folder. */
export function mockContext(secrets: unknown, storage: string): { subscriptions: Array<{ dispose(): void }> } & Record<string, unknown> {
  return {
    secrets,
    subscriptions: [],
    extensionMode: vscodeMock.ExtensionMode.Test,
    extension: { id: 'antigravity-proxy.antigravity-proxy' },
    extensionUri: vscodeMock.Uri.file(ROOT),
    globalStorageUri: vscodeMock.Uri.file(storage),
  };
}

/**
 * Activates the extension with `settings` (names without the `antigravity.` prefix) and secrets.
 * `storage` is the global storage folder (default: a fresh one, removed by close()).
 */
export async function openWindow(settings: Record<string, unknown>, secrets: Record<string, string> = {}, storage?: string): Promise<MockWindow> {
  resetMock();
  for (const [k, v] of Object.entries(settings)) state.settings.set(`antigravity.${k}`, v);
  const s = mockSecrets();
  for (const [k, v] of Object.entries(secrets)) s.store.set(k, v);
  const dir = storage ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ag-global-'));
  const context = mockContext(s.secrets, dir);
  const api = activate(context as never) as TestApi;
  await api.ready;
  return {
    api,
    store: s.store,
    secrets: s.secrets as MockWindow['secrets'],
    storage: dir,
    close: async () => {
      for (const d of context.subscriptions) d.dispose();
      await api.shutdown();
      if (!storage) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 20 ms until it holds; fails after `ms`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
