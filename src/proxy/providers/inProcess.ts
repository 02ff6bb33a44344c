// Providers that run inside the host instead of behind a URL (issue 13): the VS Code extension
// serves the editor's own language models (vscode.lm) as the upstream kind `vscode-lm`. The core
// never imports vscode: it defines this interface, the host implements it and registers it with
// ProxyServerOptions.inProcessProviders. Requests reach it as IR (translate/ir.ts) and its answer
// comes back as IR stream events, so every client protocol works with it unchanged.
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
  /** The model that serves a requested name, and why (for the log); ProxyError 404 if none. */
  resolveModel(requested: string): Promise<{ id: string; reason: string }>;
  /**
   * Resolves once the first event is known (so errors can still be an HTTP status); rejects with a
   * ProxyError (403/404/429/502...) when the call fails before that.
   */
  chat(call: InProcessCall): Promise<InProcessAnswer>;
  countTokens?(model: string, request: IRRequest, signal: AbortSignal): Promise<number>;
}

/** The registered in-process providers, by kind. */
export class InProcessProviders {
  private readonly byKind = new Map<string, InProcessProvider>();

  constructor(providers: readonly InProcessProvider[] = []) {
    for (const p of providers) this.byKind.set(p.kind, p);
  }

  get kinds(): string[] {
    return [...this.byKind.keys()];
  }

  get(kind: string): InProcessProvider | undefined {
    return this.byKind.get(kind);
  }
}
