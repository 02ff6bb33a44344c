// What a provider folder declares (STYLE.md 16, Portkey's providers/<name>/api.ts): everything the
// core needs to know about one upstream kind and the client protocol it speaks, as data plus pure
// JSON-in/JSON-out transforms. Nothing here opens a socket or writes a response (lint-enforced),
// so adding a kind is one folder and one line in registry.ts, tested without a server.
import type { ErrorCode, Protocol } from '../errors';
import type { IRRequest, IRResponse, StreamDecoder, StreamEncoder } from '../translate/ir';

/** One entry of the proxy's merged models list (whatever the upstream's own shape was). */
export interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  /** The upstream (by name) that serves it. */
  owned_by: string;
  /** In-process models (providers/inProcess.ts) say what they are. */
  name?: string;
  vendor?: string;
  family?: string;
  maxInputTokens?: number;
  maxOutputTokens?: number;
}

/** How errors look in one client protocol: the body its SDKs parse and the stream event. */
export interface ErrorShape {
  body(status: number, code: ErrorCode, message: string): unknown;
  /** A whole SSE event carrying the error (the stream framing of `body`). */
  streamEvent(status: number, code: ErrorCode, message: string): string;
  /** Upstream statuses this protocol's clients understand besides the standard ones (Anthropic's 529). */
  ownStatuses?: readonly number[];
}

/** The upstream side: how to call a provider of this kind and read its answers. */
export interface Provider {
  readonly kind: string;
  /**
   * Its API root, added when a base URL gives only the host ("/v1", "/v1beta"); none for kinds
   * whose servers differ (OpenAI-compatible ones: the base URL is used as given).
   */
  readonly apiRoot?: string;
  /** The headers that carry a key. */
  authHeaders(key: string): Record<string, string>;
  /** Headers every request to it carries (Anthropic's API version). */
  readonly headers: Readonly<Record<string, string>>;
  /** Paths below the base URL. */
  readonly paths: {
    /** A translated chat/messages/generate call. */
    generate(model: string, stream: boolean): string;
    /** Its models list. */
    readonly models: string;
  };
  /**
   * The cheap keyed call that says whether a key itself is accepted, made after a 401/403 before
   * the key is taken out of rotation: providers also refuse what a request asks (a file or cached
   * content the key does not own, a beta the account lacks), whatever the key (issue 12). Any key
   * worth keeping must be allowed to make it.
   */
  readonly keyCheck: { readonly method: 'GET'; readonly path: string };
  /** The model ids in its models-list answer. */
  modelIds(body: unknown): string[];
  /** The IR request in its format. `hostname` lets OpenAI's own API get its field names. */
  requestFromIR(ir: IRRequest, hostname: string): Record<string, unknown>;
  /**
   * The output limit a request of its own format asks for, and the request with it capped at
   * `limit` (with what must stay below it: Anthropic's thinking budget). Used for a limit the
   * proxy knows (translate/limits.ts) or read from the provider's "too large" 400.
   */
  readonly outputLimit: {
    requested(body: Record<string, unknown>): number | undefined;
    cap(body: Record<string, unknown>, limit: number): Record<string, unknown>;
  };
  /**
   * After a 400 that names a field the model does not take (a reasoning setting, a JSON mode):
   * the request to send once more instead, or undefined.
   */
  repair?(body: Record<string, unknown>, errorText: string): Record<string, unknown> | undefined;
  /** Its non-streamed answer as IR. */
  responseToIR(body: unknown, model: string): IRResponse;
  /** Its SSE stream as IR events, one upstream event at a time. */
  streamDecoder(model: string): StreamDecoder;
  /** Its own token counting, when it has one (count_tokens never answers 404: routes/countTokens.ts). */
  readonly countTokens?: {
    path(model: string): string;
    /** The count request: the client's own body when it speaks this protocol, else built from the IR. */
    body(ir: IRRequest, original: Record<string, unknown> | undefined): Record<string, unknown>;
    parse(answer: unknown): number | undefined;
  };
  /** Its embeddings API for OpenAI embeddings requests, when it has one. */
  readonly embeddings?: {
    path(model: string): string;
    /** Absent: the OpenAI body is forwarded as it is (the same protocol). */
    request?(openaiBody: Record<string, unknown>, model: string): Record<string, unknown>;
    answer?(body: unknown, model: string, encoding: unknown): Record<string, unknown>;
  };
}

/** A protocol clients speak to the proxy: OpenAI chat completions, OpenAI Responses, Anthropic, Gemini. */
export type Inbound = Protocol | 'openai-responses';

/** The client side: how requests in this protocol are read and answered. */
export interface ClientProtocol {
  readonly name: Inbound;
  /** For people: "Gemini", "OpenAI Responses". */
  readonly label: string;
  /** The error shape its clients parse. */
  readonly errors: Protocol;
  /** The upstream kind that speaks it natively: a same-protocol call is forwarded untouched. */
  readonly native: string;
  /** Where a same-protocol call goes, below the upstream's base URL. */
  passThroughPath(model: string, stream: boolean): string;
  /** The request as IR (model and stream from the URL for Gemini). */
  requestToIR(body: Record<string, unknown>, o: { model?: string; stream?: boolean }): IRRequest;
  /** The answer in this protocol; `request` (the IR of the client's request) says which tools it offered. */
  responseFromIR(r: IRResponse, request?: IRRequest): Record<string, unknown>;
  streamEncoder(o: { includeUsage: boolean; request?: IRRequest }): StreamEncoder;
  /** Token-count requests and answers, for the protocols that have a count route. */
  readonly tokenCount?: {
    /** The part of the body that is the generate request (Gemini may wrap it). */
    request(body: Record<string, unknown>): Record<string, unknown>;
    answer(tokens: number): Record<string, unknown>;
  };
  /** The models list in this protocol's shape (`search` is the query string, for paging). */
  readonly models?: {
    list(models: readonly ModelEntry[], search: string): Record<string, unknown>;
    one(model: ModelEntry): Record<string, unknown>;
  };
}
