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

/** A notification the extension showed, with its buttons. */
export interface Notification {
  kind: 'info' | 'warning' | 'error';
  message: string;
  items: string[];
}

export interface MockState {
  commands: Map<string, (...args: unknown[]) => unknown>;
  /** Values set with executeCommand('setContext', key, value). */
  context: Map<string, unknown>;
  settings: Map<string, unknown>;
  statusItems: Array<Record<string, unknown>>;
  logLines: string[];
  notifications: Notification[];
  /** The items of each quick pick shown. */
  quickPicks: unknown[][];
  /** Buttons the user clicks on the next notifications that offer them (first matching answer), else dismissed. */
  notificationAnswers: string[];
  /** The contents of the untitled documents opened (the diagnosis report). */
  documents: string[];
  clipboard: string;
  /** What vscode.l10n.bundle holds: undefined is English (VS Code loads no bundle for it). */
  l10nBundle: Record<string, string> | undefined;
  configEmitter: Emitter<{ affectsConfiguration(s: string): boolean }>;
  /** What vscode.lm.selectChatModels() returns (test/host/lmFakes.ts makes them). */
  lmModels: unknown[];
  /** How often selectChatModels() was called. */
  lmQueries: number;
  lmChanged: Emitter<void>;
  /** The webview panels created (or handed to a serializer) in this window. */
  panels: MockPanel[];
  serializers: Map<string, { deserializeWebviewPanel(panel: MockPanel, state: unknown): Thenable<void> | Promise<void> }>;
}

export const state: MockState = {
  commands: new Map(),
  context: new Map(),
  settings: new Map(),
  statusItems: [],
  logLines: [],
  notifications: [],
  quickPicks: [],
  notificationAnswers: [],
  documents: [],
  clipboard: '',
  l10nBundle: undefined,
  configEmitter: new Emitter(),
  lmModels: [],
  lmQueries: 0,
  lmChanged: new Emitter(),
  panels: [],
  serializers: new Map(),
};

type L10nMessage = string | { message: string; args?: unknown[] | Record<string, unknown>; comment: string | string[] };

/** vscode.l10n.t: the bundle's translation (keyed like VS Code's: message, or message/comment), then {0} / {name} filled in. */
function l10nT(m: L10nMessage, ...rest: unknown[]): string {
  const message = typeof m === 'string' ? m : m.message;
  const key = typeof m === 'string' || !m.comment.length ? message : `${message}/${[m.comment].flat().join('')}`;
  const args = (typeof m === 'string' ? (rest.length === 1 && typeof rest[0] === 'object' ? rest[0] : rest) : (m.args ?? {})) as Record<string, unknown>;
  return (state.l10nBundle?.[key] ?? message).replace(/{([^}]+)}/g, (all, k: string) => (k in args ? String(args[k]) : all));
}

/** A fresh state for the next test (the commands of a disposed activation are gone already). */
export function resetMock(): void {
  state.context.clear();
  state.settings.clear();
  state.statusItems.length = 0;
  state.logLines.length = 0;
  state.notifications.length = 0;
  state.quickPicks.length = 0;
  state.notificationAnswers.length = 0;
  state.documents.length = 0;
  state.clipboard = '';
  state.lmModels = [];
  state.lmQueries = 0;
  state.panels.length = 0;
  state.serializers.clear();
  // l10nBundle stays: the display language belongs to the VS Code process, not to one window.
}

/** Writes a setting and fires onDidChangeConfiguration, as VS Code does after an update. */
export function setSetting(key: string, value: unknown): void {
  if (value === undefined) state.settings.delete(key);
  else state.settings.set(key, value);
  state.configEmitter.fire({ affectsConfiguration: (section: string) => key === section || key.startsWith(`${section}.`) });
}

const notify =
  (kind: Notification['kind']) =>
  async (message: string, ...rest: unknown[]): Promise<string | undefined> => {
    const items = rest.filter((r): r is string => typeof r === 'string');
    state.notifications.push({ kind, message, items });
    const i = state.notificationAnswers.findIndex((a) => items.includes(a));
    return i < 0 ? undefined : state.notificationAnswers.splice(i, 1)[0]; // else dismissed
  };

// ---- webviews -------------------------------------------------------------------------------

class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, path.posix.join(base.path, ...parts));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

/** A webview panel as the extension sees it; `fromPage` plays the page's postMessage. */
export class MockPanel {
  readonly posted: unknown[] = [];
  visible = true;
  disposed = false;
  reveals = 0;
  private readonly received = new Emitter<unknown>();
  private readonly disposedEmitter = new Emitter<void>();
  private readonly viewState = new Emitter<unknown>();
  readonly webview = {
    html: '',
    options: {} as Record<string, unknown>,
    cspSource: 'https://webview.test',
    asWebviewUri: (u: Uri) => `https://webview.test${u.path}`,
    postMessage: async (m: unknown) => {
      if (this.disposed || !this.visible) return false;
      // Structured clone, as postMessage does: the page never shares the host's objects.
      this.posted.push(structuredClone(m));
      return true;
    },
    onDidReceiveMessage: this.received.event,
  };
  onDidDispose = this.disposedEmitter.event;
  onDidChangeViewState = this.viewState.event;
  constructor(
    readonly viewType: string,
    public title: string,
    readonly options: Record<string, unknown>,
  ) {
    this.webview.options = options;
  }
  reveal(): void {
    this.reveals++;
    this.setVisible(true);
  }
  setVisible(v: boolean): void {
    this.visible = v;
    this.viewState.fire({ webviewPanel: this });
  }
  fromPage(m: unknown): void {
    this.received.fire(m);
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposedEmitter.fire();
  }
}

// ---- the Language Model API's classes, shaped like VS Code's (1.106 typings) ----------------

class EventEmitter<T> extends Emitter<T> {
  dispose(): void {}
}

class CancellationTokenSource {
  private readonly cancelled = new Emitter<void>();
  readonly token = { isCancellationRequested: false, onCancellationRequested: this.cancelled.event };
  disposed = false;
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    this.cancelled.fire();
  }
  dispose(): void {
    this.disposed = true;
  }
}

class LanguageModelTextPart {
  constructor(public value: string) {}
}
class LanguageModelToolCallPart {
  constructor(
    public callId: string,
    public name: string,
    public input: object,
  ) {}
}
class LanguageModelToolResultPart {
  constructor(
    public callId: string,
    public content: unknown[],
  ) {}
}
class LanguageModelDataPart {
  constructor(
    public data: Uint8Array,
    public mimeType: string,
  ) {}
  static image(data: Uint8Array, mime: string): LanguageModelDataPart {
    return new LanguageModelDataPart(data, mime);
  }
}
const LanguageModelChatMessageRole = { User: 1, Assistant: 2 } as const;
class LanguageModelChatMessage {
  content: unknown[];
  constructor(
    public role: number,
    content: string | unknown[],
    public name?: string,
  ) {
    this.content = typeof content === 'string' ? [new LanguageModelTextPart(content)] : content;
  }
  static User(content: string | unknown[]): LanguageModelChatMessage {
    return new LanguageModelChatMessage(LanguageModelChatMessageRole.User, content);
  }
  static Assistant(content: string | unknown[]): LanguageModelChatMessage {
    return new LanguageModelChatMessage(LanguageModelChatMessageRole.Assistant, content);
  }
}
/** As VS Code builds it: `name` is 'LanguageModelError', `code` the factory's name. */
class LanguageModelError extends Error {
  static NoPermissions(message?: string): LanguageModelError {
    return new LanguageModelError(message, 'NoPermissions');
  }
  static Blocked(message?: string): LanguageModelError {
    return new LanguageModelError(message, 'Blocked');
  }
  static NotFound(message?: string): LanguageModelError {
    return new LanguageModelError(message, 'NotFound');
  }
  constructor(
    message?: string,
    readonly code = '',
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'LanguageModelError';
  }
}

export const vscodeMock = {
  version: '1.139.0-mock',
  l10n: {
    t: l10nT,
    get bundle() {
      return state.l10nBundle;
    },
  },
  EventEmitter,
  CancellationTokenSource,
  LanguageModelTextPart,
  LanguageModelToolCallPart,
  LanguageModelToolResultPart,
  LanguageModelDataPart,
  LanguageModelChatMessage,
  LanguageModelChatMessageRole,
  LanguageModelChatToolMode: { Auto: 1, Required: 2 },
  LanguageModelError,
  lm: {
    selectChatModels: async () => {
      state.lmQueries++;
      return [...state.lmModels];
    },
    onDidChangeChatModels: (l: Listener<void>) => state.lmChanged.event(l),
  },
  env: {
    remoteName: undefined,
    clipboard: {
      writeText: async (text: string) => {
        state.clipboard = text;
      },
    },
  },
  Uri,
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
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
      return {
        debug: line('debug'),
        info: line('info'),
        warn: line('warn'),
        error: line('error'),
        trace: line('trace'),
        show: () => undefined,
        dispose: () => undefined,
      };
    },
    createStatusBarItem: (id: string) => {
      const item: Record<string, unknown> = { id, show: () => (item.visible = true), hide: () => (item.visible = false), dispose: () => undefined };
      state.statusItems.push(item);
      return item;
    },
    showInformationMessage: notify('info'),
    showWarningMessage: notify('warning'),
    showErrorMessage: notify('error'),
    showInputBox: async () => undefined,
    withProgress: async <T>(_options: unknown, task: () => Promise<T>): Promise<T> => task(),
    createWebviewPanel: (viewType: string, title: string, _column: unknown, options: Record<string, unknown>) => {
      const p = new MockPanel(viewType, title, options);
      state.panels.push(p);
      return p;
    },
    registerWebviewPanelSerializer: (viewType: string, serializer: MockState['serializers'] extends Map<string, infer S> ? S : never) => {
      state.serializers.set(viewType, serializer);
      return { dispose: () => state.serializers.delete(viewType) };
    },
    showTextDocument: async () => undefined,
    showQuickPick: async (items: unknown[]) => {
      state.quickPicks.push(items);
      return undefined;
    },
  },
  commands: {
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
      if (state.commands.has(id)) throw new Error(`command ${id} registered twice`);
      state.commands.set(id, fn);
      return { dispose: () => state.commands.delete(id) };
    },
    executeCommand: async (id: string, ...args: unknown[]) => {
      if (id !== 'setContext') return state.commands.get(id)?.(...args);
      state.context.set(String(args[0]), args[1]);
      return undefined;
    },
  },
  workspace: {
    getConfiguration: (section: string) => ({
      get: (k: string, d?: unknown) => (state.settings.has(`${section}.${k}`) ? state.settings.get(`${section}.${k}`) : d),
      update: async (k: string, v: unknown) => setSetting(`${section}.${k}`, v),
    }),
    openTextDocument: async (o: { content: string }) => {
      state.documents.push(o.content);
      return o;
    },
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
