// Providers that run inside the host instead of behind a URL (issue 13): the VS Code extension
// serves the editor's own language models (vscode.lm) as the upstream kind `vscode-lm`. The core
// never imports vscode: it defines this interface, the host implements it and registers it with
// ProxyServerOptions.inProcessProviders. Requests reach it as IR (translate/ir.ts) and its answer
// comes back as IR stream events, so every client protocol works with it unchanged. The registry
// (InProcessProviders) keeps each provider's model list until the provider says it changed:
// routing asks for it on every model request, the models lists on every listing.
import type { IRRequest, IRStreamEvent } from '../translate/ir';

export interface InProcessModel {
  id: string;
  name: string;
  vendor: string;
  family: string;
  version?: string;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  capabilities?: { imageInput?: boolean; toolCalling?: boolean };
}

export interface InProcessCall {
  /** The id resolveModel returned. */
  model: string;
  /** The client's request in the IR. */
  request: IRRequest;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Who is asking, from the User-Agent, e.g. "Claude Code 2.1.3". */
  client: string;
}

export interface InProcessAnswer {
  /** The model that really serves it. */
  model: string;
  /** start, text/tool_start/tool_args/usage..., stop. */
  events: AsyncIterable<IRStreamEvent>;
}

export interface InProcessProvider {
  /** The upstream kind it serves, e.g. 'vscode-lm'. */
  readonly kind: string;
  listModels(): Promise<InProcessModel[]>;
  /**
   * Fires when the list listModels() gives has changed (vscode.lm.onDidChangeChatModels). A
   * provider with this event has its list cached by the core until it fires; one without is asked
   * on every request.
   */
  onDidChangeModels?(listener: () => void): { dispose(): void };
  /**
   * The model that serves a requested name, and why (for the log); ProxyError 404 if none.
   * `models` is what listModels() gave (the core's cached list).
   */
  resolveModel(requested: string, models: readonly InProcessModel[]): Promise<{ id: string; reason: string }>;
  /**
   * Resolves once the first event is known (so errors can still be an HTTP status); rejects with a
   * ProxyError (403/404/429/502...) when the call fails before that.
   */
  chat(call: InProcessCall): Promise<InProcessAnswer>;
  countTokens?(model: string, request: IRRequest, signal: AbortSignal): Promise<number>;
}

/** A list that is empty (no model yet: providers activate lazily) is asked for again after this long. */
export const EMPTY_LIST_RETRY_MS = 1000;

interface Listing {
  models: Promise<InProcessModel[]>;
  ids: Promise<ReadonlySet<string>>;
  /** When an empty list stops counting (Infinity: until the provider says it changed). */
  until: number;
}

/** The registered in-process providers, by kind, with what each offers now. */
export class InProcessProviders {
  private readonly byKind = new Map<string, InProcessProvider>();
  private readonly listings = new Map<string, Listing>();
  private readonly subscriptions: Array<{ dispose(): void }> = [];

  constructor(
    providers: readonly InProcessProvider[] = [],
    private readonly now: () => number = Date.now,
  ) {
    for (const p of providers) {
      this.byKind.set(p.kind, p);
      const sub = p.onDidChangeModels?.(() => this.listings.delete(p.kind));
      if (sub) this.subscriptions.push(sub);
    }
  }

  get kinds(): string[] {
    return [...this.byKind.keys()];
  }

  get(kind: string): InProcessProvider | undefined {
    return this.byKind.get(kind);
  }

  /**
   * What the provider of `kind` offers now: asked once and kept until it fires onDidChangeModels
   * (an empty list for EMPTY_LIST_RETRY_MS only; a failed listing, or a provider without the event,
   * is asked again next time). Rejects when the listing fails.
   */
  models(kind: string): Promise<InProcessModel[]> {
    return this.listing(kind).models;
  }

  /** The ids of models(kind), as a set (routing looks a requested name up in it). */
  ids(kind: string): Promise<ReadonlySet<string>> {
    return this.listing(kind).ids;
  }

  private listing(kind: string): Listing {
    const cached = this.listings.get(kind);
    if (cached && this.now() < cached.until) return cached;
    const p = this.byKind.get(kind);
    if (!p) throw new Error(`no in-process provider of kind "${kind}"`);
    const models = p.listModels();
    const listing: Listing = { models, ids: models.then((ms) => new Set(ms.map((m) => m.id))), until: p.onDidChangeModels ? Infinity : 0 };
    this.listings.set(kind, listing);
    const forget = (): void => {
      if (this.listings.get(kind) === listing) this.listings.delete(kind);
    };
    models.then((ms) => {
      if (ms.length === 0 && listing.until === Infinity) listing.until = this.now() + EMPTY_LIST_RETRY_MS;
    }, forget);
    listing.ids.catch(() => undefined); // the callers of ids() see the failure
    return listing;
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.listings.clear();
  }
}
