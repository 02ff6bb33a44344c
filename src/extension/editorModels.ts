// The editor's language models in this window (issue 13): the in-process provider the proxy
// serves them through (lm/provider.ts, or lm/unavailable.ts on an editor without the Language
// Model API), what the status bar shows of them (the models available now, listed in the tooltip
// and logged when they change; the clients VS Code is waiting on you to allow), and the settings
// antigravity.languageModels.* applied to the provider.
import * as vscode from 'vscode';
import type { InProcessModel, InProcessProvider, Logger } from '../proxy';
import type { ConsentWait } from './lm/consent';
import { VscodeLmProvider } from './lm/provider';
import { lmUnavailableReason } from './lm/support';
import { UnavailableLmProvider } from './lm/unavailable';
import type { LanguageModelSettings } from './settings';

/** What the status bar shows of the editor's models. */
export interface EditorModelsView {
  /** on: served; off: turned off by the setting; unavailable: this editor has no Language Model API. */
  state: 'on' | 'off' | 'unavailable';
  /** Why unavailable. */
  reason?: string;
  /** The models available now (on only); undefined until first listed. */
  models?: ReadonlyArray<{ id: string; name: string }>;
  /** VS Code is waiting for the user to allow these (model, client) pairs. */
  waiting: ReadonlyArray<{ model: string; client: string }>;
}

export class EditorModels implements vscode.Disposable {
  readonly provider: InProcessProvider;
  /** Why the editor's models cannot be served here; undefined when they can. */
  readonly unavailable: string | undefined;
  private readonly lm: VscodeLmProvider | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly waits = new Map<string, { model: string; client: string }>();
  private settings: LanguageModelSettings = { enabled: true };
  private models: InProcessModel[] | undefined;
  private listing: Promise<void> | undefined;
  private disposed = false;

  constructor(
    private readonly log: Logger,
    /** Called when what the status bar shows changed. */
    private readonly changed: () => void,
  ) {
    this.unavailable = lmUnavailableReason();
    if (this.unavailable) {
      this.log.warn(this.unavailable);
      this.provider = new UnavailableLmProvider(this.unavailable);
      return;
    }
    const lm = new VscodeLmProvider({ log, defaultModel: () => this.settings.defaultModel });
    this.lm = lm;
    this.provider = lm;
    this.subscriptions.push(
      lm,
      lm.onConsentWait((e) => this.onConsent(e)),
      lm.onDidChangeModels(() => void this.refresh()),
    );
  }

  /** antigravity.languageModels.* (settings.ts languageModelSettings), after every settings change. */
  configure(s: LanguageModelSettings): void {
    const was = this.settings;
    this.settings = s;
    if (!this.lm || was.enabled === s.enabled) return;
    this.log.info(
      s.enabled
        ? "The editor's language models are served again (antigravity.languageModels.enabled)"
        : "The editor's language models are turned off (antigravity.languageModels.enabled)",
    );
    this.lm.setEnabled(s.enabled);
  }

  get view(): EditorModelsView {
    const waiting = [...this.waits.values()];
    if (this.unavailable) return { state: 'unavailable', reason: this.unavailable, waiting };
    if (!this.settings.enabled) return { state: 'off', waiting };
    return { state: 'on', models: this.models?.map((m) => ({ id: m.id, name: m.name })), waiting };
  }

  /** Lists the models again (they changed, or the proxy started); logs the list when it differs. */
  refresh(): Promise<void> {
    const lm = this.lm;
    if (!lm || this.disposed || !this.settings.enabled) return Promise.resolve();
    // One listing at a time; a change during it lists once more afterwards.
    const run = async (): Promise<void> => {
      let next: InProcessModel[];
      try {
        next = await lm.listModels();
      } catch (e) {
        this.log.warn(`Could not list the editor's language models: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      if (this.disposed) return;
      const before = this.models?.map((m) => m.id).join('\n');
      this.models = next;
      if (before === next.map((m) => m.id).join('\n')) return;
      this.log.info(
        next.length
          ? `Editor language models available (vscode-lm): ${next.map((m) => `${m.id} (${m.name}, ${m.vendor})`).join(', ')}`
          : 'No editor language model is available (vscode-lm): install and sign in to an extension that provides chat models, such as GitHub Copilot',
      );
      this.changed();
    };
    this.listing = (this.listing ?? Promise.resolve()).then(run);
    return this.listing;
  }

  private onConsent(e: ConsentWait): void {
    const key = `${e.model}\n${e.client}`;
    if (e.state === 'waiting') this.waits.set(key, { model: e.model, client: e.client });
    else this.waits.delete(key);
    this.changed();
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}
