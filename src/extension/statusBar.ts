// Puts the proxy's state where the user sees it: the status bar item (text, tooltip, colour and a
// screen-reader label, from statusView.ts) and the context keys that decide which commands the
// palette offers (contextKeys.ts). Renders at once on a phase change and at most every 250 ms for
// the request counters.
import * as vscode from 'vscode';
import { CONTEXT_PREFIX, contextValues, type ContextName, type ContextValues } from './contextKeys';
import { statusView, type StatusInput, type StatusView } from './statusView';

const RENDER_DELAY_MS = 250;

export class StatusBar implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private _view: StatusView | undefined;
  /** The values last handed to setContext (unset until the first render). */
  private readonly sent = new Map<ContextName, boolean>();

  constructor(
    private readonly item: vscode.StatusBarItem,
    private readonly input: () => StatusInput,
  ) {}

  get view(): StatusView | undefined {
    return this._view;
  }

  /** What the context keys say now (the status-bar menu filters by it like the palette). */
  get context(): ContextValues {
    const i = this.input();
    return contextValues(i.phase, i.effective.mode);
  }

  /** The context keys as last handed to setContext, by their full names (for the test API). */
  get sentContext(): Record<string, boolean> {
    return Object.fromEntries([...this.sent].map(([name, value]) => [CONTEXT_PREFIX + name, value]));
  }

  render(): void {
    if (this.disposed) return;
    const i = this.input();
    const v = statusView(i);
    this._view = v;
    this.item.text = v.text;
    this.item.tooltip = new vscode.MarkdownString(v.tooltip, true);
    this.item.backgroundColor = v.color ? new vscode.ThemeColor(`statusBarItem.${v.color}Background`) : undefined;
    this.item.accessibilityInformation = { label: v.label };
    this.item.show();
    for (const [name, value] of Object.entries(contextValues(i.phase, i.effective.mode)) as Array<[ContextName, boolean]>) {
      if (this.sent.get(name) === value) continue;
      this.sent.set(name, value);
      void vscode.commands.executeCommand('setContext', CONTEXT_PREFIX + name, value);
    }
  }

  /** A render soon: request counters and key states change often. */
  schedule(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.render();
    }, RENDER_DELAY_MS);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
