// Mirror of src/proxy/providers/inProcess.ts until the core lands it (issue 13, phase 1): the
// in-process provider interface the core calls for an upstream that lives in the host (the VS Code
// host's `vscode-lm`). The lead deletes this copy when merging the core's.
import type { IRRequest, IRStreamEvent } from '../../proxy';

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
  model: string;
  request: IRRequest;
  signal: AbortSignal;
  client: string;
}

export interface InProcessAnswer {
  model: string;
  events: AsyncIterable<IRStreamEvent>;
}

export interface InProcessProvider {
  /** 'vscode-lm' */
  readonly kind: string;
  listModels(): Promise<InProcessModel[]>;
  /** ProxyError 404 if none. */
  resolveModel(requested: string): Promise<{ id: string; reason: string }>;
  /** Resolves once the first part is known. */
  chat(call: InProcessCall): Promise<InProcessAnswer>;
  countTokens?(model: string, request: IRRequest, signal: AbortSignal): Promise<number>;
}
