// Every provider and client protocol, looked up by name (a lookup, not an if-chain): adding an
// upstream kind is one folder under providers/ and one line here. A request in protocol A to an
// upstream of kind B is CLIENTS[A].requestToIR then PROVIDERS[B].requestFromIR; answers go back
// the other way. In-process kinds (providers/inProcess.ts) are registered by the host instead.
import type { Protocol } from '../errors';
import type { ClientProtocol, ErrorShape, Inbound, Provider } from './types';
import { openaiChat, openaiProvider, openaiResponses } from './openai/provider';
import { openaiErrors } from './openai/errors';
import { anthropicMessages, anthropicProvider } from './anthropic/provider';
import { anthropicErrors } from './anthropic/errors';
import { geminiGenerate, geminiProvider } from './gemini/provider';
import { geminiErrors } from './gemini/errors';

/** Upstream kinds reached over HTTP, by the `kind` of an upstream's configuration. */
export const PROVIDERS = {
  openai: openaiProvider,
  anthropic: anthropicProvider,
  gemini: geminiProvider,
} as const satisfies Record<string, Provider>;

export type HttpKind = keyof typeof PROVIDERS;

/** The protocols clients speak to the proxy (the route table names one per route). */
export const CLIENTS: Readonly<Record<Inbound, ClientProtocol>> = {
  openai: openaiChat,
  'openai-responses': openaiResponses,
  anthropic: anthropicMessages,
  gemini: geminiGenerate,
};

/** Error shapes by client protocol family. */
export const ERROR_SHAPES: Readonly<Record<Protocol, ErrorShape>> = {
  openai: openaiErrors,
  anthropic: anthropicErrors,
  gemini: geminiErrors,
};

/** The provider of an HTTP upstream kind; undefined for an in-process kind. */
export function httpProvider(kind: string): Provider | undefined {
  return Object.prototype.hasOwnProperty.call(PROVIDERS, kind) ? PROVIDERS[kind as HttpKind] : undefined;
}
