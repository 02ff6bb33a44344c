// What a client is, as data: the files it reads its configuration from, the entries `connect`
// writes there, how it talks to the proxy (for the round trip), and what of the user's own setup
// can override us. Shared by the CLI (`antigravity-proxy connect`) and the VS Code command.
import type { ConfigFormat, ConfigPath } from './docs';

export type ClientId = 'claude-code' | 'codex' | 'gemini-cli' | 'continue' | 'roo-code';

/** The wire protocol a client speaks and the credential header it sends. */
export type ClientProtocol = 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini';

/** What `connect` writes: the proxy's origin (no /v1), its key, and optionally a model. */
export interface ConnectValues {
  origin: string;
  key: string;
  model?: string;
}

/** Where the client's files are: the home directory and the environment (e.g. CODEX_HOME). */
export interface ClientContext {
  home: string;
  env: Record<string, string | undefined>;
  /** The proxy's state directory (Roo Code's import file lives there). */
  stateDir: string;
}

export interface Entry {
  path: ConfigPath;
  value: unknown;
  /** The value holds the proxy key (and a value it replaces may hold the user's own secret). */
  secret?: boolean;
  /** Written only when absent (e.g. the header a new Continue config needs); never replaces. */
  scaffold?: boolean;
}

export interface FileSpec {
  path: string;
  format: ConfigFormat;
  entries: Entry[];
}

/** The values the client will use, read back from its written configuration. */
export interface ClientEndpoint {
  /** The base URL exactly as the client joins paths to it. */
  baseUrl: string;
  key: string;
  model?: string;
}

export interface ClientSpec {
  id: ClientId;
  label: string;
  protocol: ClientProtocol;
  /** The client cannot start without a model name in its configuration. */
  requiresModel: boolean;
  files(ctx: ClientContext, v: ConnectValues): FileSpec[];
  /** Reads the endpoint back from the files' contents (after the change). */
  endpoint(get: (file: string, path: ConfigPath) => unknown, ctx: ClientContext): ClientEndpoint | undefined;
  /** What in the user's environment or files would override or block what we write. */
  warnings(ctx: ClientContext, get: (file: string, path: ConfigPath) => unknown): string[];
}
