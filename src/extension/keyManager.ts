// The proxy key and the upstream keys, kept only in SecretStorage. The MemoryKeyStore the core reads
// per request is replaced at once on every change, in this window directly and in every other
// window through secrets.onDidChange, so a regenerated key applies at the next request everywhere.
import type * as vscode from 'vscode';
import { emptyKeyHistory, generateApiKey, MemoryKeyStore, parseKeyHistory, rememberKey, type KeyHistoryData } from '../proxy';
import { SECRET_KEY_HISTORY, SECRET_PROXY_KEY, upstreamFromSecretName, upstreamSecretName } from './secretsNames';

export class KeyManager {
  readonly store = new MemoryKeyStore('');
  private history: KeyHistoryData = emptyKeyHistory();
  private readonly upstream = new Map<string, string>();
  /** Set when this activation generated the first key. */
  generated = false;
  /** Our own writes in progress: their change events would read a half-written state. */
  private writing = 0;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    /** Called after any key changed (the controller refreshes config and status). */
    private readonly onChange: (what: 'proxy' | 'upstream') => void,
  ) {}

  get key(): string {
    return this.store.current().key;
  }

  get upstreamKeys(): ReadonlyMap<string, string> {
    return this.upstream;
  }

  /** Loads the key (generating one on first activation) and the keys of the named upstreams. */
  async load(upstreamNames: readonly string[]): Promise<void> {
    this.history = parseKeyHistory(safeJson(await this.secrets.get(SECRET_KEY_HISTORY))) ?? this.history;
    let key = await this.secrets.get(SECRET_PROXY_KEY);
    if (key === undefined) {
      key = generateApiKey();
      await this.secrets.store(SECRET_PROXY_KEY, key);
      this.generated = true;
    }
    this.store.set(key, this.history);
    await this.loadUpstreams(upstreamNames);
  }

  async loadUpstreams(names: readonly string[]): Promise<void> {
    this.upstream.clear();
    for (const n of names) {
      const v = await this.secrets.get(upstreamSecretName(n));
      if (v) this.upstream.set(n, v);
    }
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
    this.onChange('proxy');
  }

  async setUpstreamKey(name: string, key: string): Promise<void> {
    if (key) this.upstream.set(name, key);
    else this.upstream.delete(name);
    if (key) await this.secrets.store(upstreamSecretName(name), key);
    else await this.secrets.delete(upstreamSecretName(name));
    this.onChange('upstream');
  }

  /** secrets.onDidChange: another window (or this one) changed a secret. */
  async onSecretChanged(name: string): Promise<void> {
    if (name === SECRET_PROXY_KEY || name === SECRET_KEY_HISTORY) {
      if (this.writing > 0) return;
      this.history = parseKeyHistory(safeJson(await this.secrets.get(SECRET_KEY_HISTORY))) ?? this.history;
      const key = await this.secrets.get(SECRET_PROXY_KEY);
      const before = this.key;
      this.store.set(key ?? before, this.history);
      if (this.key !== before) this.onChange('proxy');
      return;
    }
    const upstream = upstreamFromSecretName(name);
    if (upstream !== undefined) {
      const v = await this.secrets.get(name);
      if ((this.upstream.get(upstream) ?? '') === (v ?? '')) return;
      if (v) this.upstream.set(upstream, v);
      else this.upstream.delete(upstream);
      this.onChange('upstream');
    }
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
