// The proxy's own API key, kept only in SecretStorage. The MemoryKeyStore the core reads per request
// is replaced at once on every change, in this window directly and in every other window through
// secrets.onDidChange, so a regenerated key applies at the next request everywhere. (Upstream keys
// are part of the config: settings.ts loadConfig reads them.)
import type * as vscode from 'vscode';
import { emptyKeyHistory, generateApiKey, MemoryKeyStore, parseKeyHistory, rememberKey, type KeyHistoryData } from '../proxy';
import { SECRET_KEY_HISTORY, SECRET_PROXY_KEY } from './secretsNames';

export class KeyManager {
  readonly store = new MemoryKeyStore('');
  private history: KeyHistoryData = emptyKeyHistory();
  /** Set when this activation generated the first key. */
  generated = false;
  /** Our own writes in progress: their change events would read a half-written state. */
  private writing = 0;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    /** Called after the key changed (the status bar shows whether it is empty). */
    private readonly onChange: () => void,
  ) {}

  get key(): string {
    return this.store.current().key;
  }

  /** Loads the key, generating one on first activation. */
  async load(): Promise<void> {
    this.history = parseKeyHistory(safeJson(await this.secrets.get(SECRET_KEY_HISTORY))) ?? this.history;
    let key = await this.secrets.get(SECRET_PROXY_KEY);
    if (key === undefined) {
      key = generateApiKey();
      await this.secrets.store(SECRET_PROXY_KEY, key);
      this.generated = true;
    }
    this.store.set(key, this.history);
  }

  /** A new random key, applied before this returns; the old one is remembered as stale. */
  async regenerate(): Promise<void> {
    await this.replace(generateApiKey());
  }

  /** A custom key ('' is the seed's empty-key state: every request that needs a key is denied). */
  async replace(key: string): Promise<void> {
    const old = this.key;
    this.history = rememberKey(this.history, old);
    this.store.set(key, this.history); // effective now, before the storage round trip
    this.writing++;
    try {
      // The key first: other windows must stop accepting the old key as soon as possible.
      await this.secrets.store(SECRET_PROXY_KEY, key);
      await this.secrets.store(SECRET_KEY_HISTORY, JSON.stringify(this.history));
    } finally {
      this.writing--;
    }
    this.onChange();
  }

  /** secrets.onDidChange for the key or its history: another window (or this one) changed it. */
  async onSecretChanged(): Promise<void> {
    if (this.writing > 0) return;
    this.history = parseKeyHistory(safeJson(await this.secrets.get(SECRET_KEY_HISTORY))) ?? this.history;
    const key = await this.secrets.get(SECRET_PROXY_KEY);
    const before = this.key;
    this.store.set(key ?? before, this.history);
    if (this.key !== before) this.onChange();
  }
}

function safeJson(s: string | undefined): unknown {
  if (!s) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
