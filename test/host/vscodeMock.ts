// A small stand-in for the `vscode` module, so host code runs under node's test runner. It records
// what the extension registers and shows; it is not a VS Code (the real host is test/vscode).
import Module from 'node:module';
import path from 'node:path';

type Listener<T> = (e: T) => void;

export class Emitter<T> {
  private listeners: Listener<T>[] = [];
  event = (l: Listener<T>): { dispose(): void } => {
    this.listeners.push(l);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
}

export interface MockState {
  commands: Map<string, (...args: unknown[]) => unknown>;
  settings: Map<string, unknown>;
  statusItems: Array<Record<string, unknown>>;
  logLines: string[];
  messages: string[];
  configEmitter: Emitter<{ affectsConfiguration(s: string): boolean }>;
}

export const state: MockState = {
  commands: new Map(),
  settings: new Map(),
  statusItems: [],
  logLines: [],
  messages: [],
  configEmitter: new Emitter(),
};


export const vscodeMock = {
  version: '1.139.0-mock',
  env: { remoteName: undefined, clipboard: { writeText: async () => undefined } },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  MarkdownString: class {
    constructor(
      public value: string,
      public supportThemeIcons?: boolean,
    ) {}
  },
  ThemeColor: class {
    constructor(public id: string) {}
  },
  window: {
    createOutputChannel: (_name: string, _opts: unknown) => {
      const line = (level: string) => (m: string) => state.logLines.push(`${level} ${m}`);
      return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), trace: line('trace'), show: () => undefined, dispose: () => undefined };
    },
    createStatusBarItem: (id: string) => {
      const item: Record<string, unknown> = { id, show: () => (item.visible = true), hide: () => (item.visible = false), dispose: () => undefined };
      state.statusItems.push(item);
      return item;
    },
    showInformationMessage: async (m: string) => void state.messages.push(m),
    showWarningMessage: async (m: string) => void state.messages.push(m),
    showErrorMessage: async (m: string) => void state.messages.push(m),
    showInputBox: async () => undefined,
    showQuickPick: async () => undefined,
  },
  commands: {
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
      if (state.commands.has(id)) throw new Error(`command ${id} registered twice`);
      state.commands.set(id, fn);
      return { dispose: () => state.commands.delete(id) };
    },
    executeCommand: async (id: string, ...args: unknown[]) => state.commands.get(id)?.(...args),
  },
  workspace: {
    getConfiguration: (section: string) => ({
      get: (k: string, d?: unknown) => (state.settings.has(`${section}.${k}`) ? state.settings.get(`${section}.${k}`) : d),
      update: async (k: string, v: unknown) => {
        state.settings.set(`${section}.${k}`, v);
      },
    }),
    onDidChangeConfiguration: (l: Listener<{ affectsConfiguration(s: string): boolean }>) => state.configEmitter.event(l),
  },
};

export function mockSecrets(): { store: Map<string, string>; secrets: unknown } {
  const store = new Map<string, string>();
  const changed = new Emitter<{ key: string }>();
  return {
    store,
    secrets: {
      get: async (k: string) => store.get(k),
      store: async (k: string, v: string) => {
        store.set(k, v);
        changed.fire({ key: k });
      },
      delete: async (k: string) => {
        store.delete(k);
        changed.fire({ key: k });
      },
      onDidChange: changed.event,
    },
  };
}

// `require('vscode')` (and `import ... from 'vscode'`) now returns the mock.
const FAKE = path.join(__dirname, '__vscode_mock__.js');
const M = Module as unknown as { _resolveFilename: (r: string, ...a: unknown[]) => string; _cache: Record<string, unknown> };
const resolve = M._resolveFilename;
M._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? FAKE : resolve.call(this, request, ...rest);
};
M._cache[FAKE] = { id: FAKE, filename: FAKE, loaded: true, exports: vscodeMock, children: [], paths: [] };
