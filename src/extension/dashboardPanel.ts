// "Antigravity: Open Dashboard" (issue 15): the dashboard page (dist/dashboard.js, src/dashboard) in
// one webview panel per window, fed through the page's message adapter. The panel loads only from
// dist/ (localResourceRoots) under the page's Content-Security-Policy with a per-load nonce, and
// every message from the page is validated (parsePageMessage) before anything runs. The page
// speaks the display language (the l10n bundle rides in its shell).
//
// No retainContextWhenHidden: a hidden panel's page is dropped and, when shown again, loads anew,
// says `ready`, and gets the whole state again, while the page keeps its own view state (view,
// filters, scroll) through getState/setState. The serializer (activate() registers it under
// DASHBOARD_VIEW_TYPE) brings a panel left open back after a window reload.
import * as vscode from 'vscode';
import {
  dashboardHtml,
  diagnosisView,
  parsePageMessage,
  type DashboardState,
  type DiagnosisReport,
  type FixAction,
  type HostMessage,
  type PageMessage,
  type UsageRecord,
} from '../proxy';
import { DASHBOARD_VIEW_TYPE } from './viewTypes';

/** What the panel shows and does, from the rest of the extension (dashboardData.ts). */
export interface DashboardData {
  state(): DashboardState;
  /** Calls `onRecord` with every request answered from now on; returns the unsubscribe function. */
  subscribe(onRecord: (r: UsageRecord) => void): () => void;
  runFix(action: FixAction): unknown;
  diagnose(): Promise<DiagnosisReport>;
  copyReport(report: DiagnosisReport): Promise<unknown>;
}

/** New records go to the page in batches, at most this often. */
const RECORD_BATCH_MS = 250;
/** The whole state again (countdowns, another window's requests in the shared store). */
const STATE_EVERY_MS = 10_000;
/** Key, rejection and settings changes are sent together after this pause. */
const CHANGE_DEBOUNCE_MS = 200;
const MAX_PENDING = 1000;

export class DashboardPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private unsubscribe: (() => void) | undefined;
  /** The page said `ready` since it last loaded (it reloads whenever the panel is shown again). */
  private ready = false;
  private pending: UsageRecord[] = [];
  private batchTimer: NodeJS.Timeout | undefined;
  private changeTimer: NodeJS.Timeout | undefined;
  private stateTimer: NodeJS.Timeout | undefined;
  private report: DiagnosisReport | undefined;
  /** Switch the page to the Diagnosis view with the next diagnosis it gets. */
  private showReport = false;
  private warnedInvalid = false;
  /** Every message posted, for the tests (ExtensionMode.Test only reads it). */
  readonly posted: HostMessage[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly data: DashboardData,
    private readonly log: vscode.LogOutputChannel,
    private readonly keepPosted = false,
  ) {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens the panel, or shows the one already open. */
  open(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, vscode.l10n.t('Antigravity Dashboard'), vscode.ViewColumn.Active, this.options());
    this.attach(panel);
  }

  /** The serializer's panel after a window reload: the same page, fed anew. */
  restore(panel: vscode.WebviewPanel): void {
    if (this.panel) {
      panel.dispose(); // one dashboard per window
      this.panel.reveal();
      return;
    }
    panel.webview.options = this.options();
    this.attach(panel);
  }

  /** Runs the diagnosis and shows its report in the Diagnosis view (Diagnose 401). */
  async diagnose(): Promise<DiagnosisReport> {
    this.open();
    const report = await this.data.diagnose();
    this.report = report;
    this.showReport = true;
    this.postDiagnosis();
    return report;
  }

  /** Something the state shows changed (keys, 401s, settings, the proxy's phase). */
  changed(): void {
    if (!this.panel || this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.postState();
    }, CHANGE_DEBOUNCE_MS);
  }

  dispose(): void {
    this.panel?.dispose();
    this.detach();
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableCommandUris: false, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')] };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    const w = panel.webview;
    const dist = (f: string): string => w.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', f)).toString();
    // The page speaks the display language: the same bundle VS Code loaded for the extension.
    w.html = dashboardHtml({
      scriptUri: dist('dashboard.js'),
      styleUri: dist('dashboard.css'),
      cspSource: w.cspSource,
      lang: vscode.env.language,
      l10n: vscode.l10n.bundle,
    }).html;
    this.panelDisposables.push(
      w.onDidReceiveMessage((m: unknown) => this.onPageMessage(m)),
      panel.onDidChangeViewState(() => {
        // A hidden page is dropped; it says `ready` again when shown.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.detach()),
    );
    this.unsubscribe = this.data.subscribe((r) => this.onRecord(r));
    this.stateTimer = setInterval(() => this.postState(), STATE_EVERY_MS);
  }

  private detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
    for (const t of [this.batchTimer, this.changeTimer]) clearTimeout(t);
    clearInterval(this.stateTimer);
    this.batchTimer = this.changeTimer = this.stateTimer = undefined;
    this.pending = [];
    this.panel = undefined;
    this.ready = false;
  }

  private onPageMessage(raw: unknown): void {
    const m = parsePageMessage(raw);
    if (!m) {
      if (!this.warnedInvalid) this.log.warn('Dashboard: ignored a message from the page that is not a dashboard message.');
      this.warnedInvalid = true;
      return;
    }
    void this.handle(m).catch((e: unknown) => this.log.error(`Dashboard: ${m.type} failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async handle(m: PageMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.pending = [];
        this.postState();
        if (this.report) this.postDiagnosis();
        return;
      case 'action':
        await this.data.runFix(m.action);
        return;
      case 'diagnose':
        await this.diagnose();
        return;
      case 'copyReport':
        if (this.report) await this.data.copyReport(this.report);
        return;
    }
  }

  private onRecord(r: UsageRecord): void {
    if (!this.ready) return; // the page gets everything with the state when it loads
    if (this.pending.length < MAX_PENDING) this.pending.push(r);
    this.batchTimer ??= setTimeout(() => {
      this.batchTimer = undefined;
      const records = this.pending;
      this.pending = [];
      if (records.length) this.post({ type: 'records', records });
    }, RECORD_BATCH_MS);
  }

  private postState(): void {
    if (!this.ready) return;
    this.pending = []; // the state holds them
    this.post({ type: 'state', state: this.data.state() });
  }

  private postDiagnosis(): void {
    if (!this.ready || !this.report) return;
    this.post({ type: 'diagnosis', report: diagnosisView(this.report), show: this.showReport });
    this.showReport = false;
  }

  private post(m: HostMessage): void {
    if (!this.panel) return;
    if (this.keepPosted && this.posted.push(m) > 500) this.posted.shift();
    void this.panel.webview.postMessage(m);
  }
}
