// The `vscode-lm` upstream kind: the core's in-process provider interface implemented with the
// editor's Language Model API (issue 13), so the proxy can serve the models VS Code already has
// (Copilot's, or any extension's). The translation lives next door (request.ts, stream.ts,
// errors.ts, resolveModel.ts); this file runs a call: pick the model, send, wait for the first
// part (errors arrive there, while the answer can still be a 4xx), then stream; the client's
// AbortSignal cancels the model request. Turned off (antigravity.languageModels.enabled), it offers
// no model and answers 503 lm_unavailable.
import * as vscode from 'vscode';
import { estimateTokens, ProxyError, silentLogger, type IRRequest, type IRStreamEvent, type Logger } from '../../proxy';
import { watchConsent, type ConsentWait } from './consent';
import { lmError, lmUnavailable, type LmErrorContext } from './errors';
import type { InProcessAnswer, InProcessCall, InProcessModel, InProcessProvider } from '../../proxy';
import { describeModel, LmModels } from './models';
import { toMessages, toOptions } from './request';
import { resolveModel, type Resolution } from './resolveModel';
import { LmStreamDecoder } from './stream';
import { LM_KIND } from '../settings';

export interface VscodeLmOptions {
  /** antigravity.languageModels.defaultModel, read per request. */
  defaultModel?: () => string | undefined;
  log?: Logger;
  /** How long `sendRequest` may stay pending before it counts as waiting for consent. */
  consentHintMs?: number;
}

/** One model request in flight: what its answer stream needs to run and to clean up. */
interface Run {
  ctx: LmErrorContext;
  signal: AbortSignal;
  cts: vscode.CancellationTokenSource;
  decoder: LmStreamDecoder;
  release(): void;
}

const clientClosed = (): ProxyError => new ProxyError('client_closed', 'The client closed the request before the model answered.');
const noSuchModel = (id: string): ProxyError => new ProxyError('model_not_found', `VS Code has no language model "${id.slice(0, 200)}" (any more).`);

/** A CancellationTokenSource that the AbortSignal cancels; release() unhooks and disposes it. */
function linkedToken(signal: AbortSignal): { cts: vscode.CancellationTokenSource; release(): void } {
  const cts = new vscode.CancellationTokenSource();
  const cancel = (): void => cts.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  return {
    cts,
    release: () => {
      signal.removeEventListener('abort', cancel);
      cts.dispose();
    },
  };
}

export class VscodeLmProvider implements InProcessProvider, vscode.Disposable {
  readonly kind = LM_KIND;
  private readonly models = new LmModels();
  private readonly consent = new vscode.EventEmitter<ConsentWait>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  private enabled = true;
  /** VS Code is waiting for the user to allow a model (and later: how that ended). */
  readonly onConsentWait = this.consent.event;
  /** The models listModels() gives changed: VS Code's changed, or the provider was turned on or off. */
  readonly onDidChangeModels = this.changed.event;
  private readonly log: Logger;

  constructor(private readonly options: VscodeLmOptions = {}) {
    this.log = options.log ?? silentLogger;
    this.subscription = this.models.onDidChange(() => this.changed.fire());
  }

  /** antigravity.languageModels.enabled: off, no model is offered and every call answers 503. */
  setEnabled(on: boolean): void {
    if (on === this.enabled) return;
    this.enabled = on;
    this.changed.fire();
  }

  async listModels(): Promise<InProcessModel[]> {
    if (!this.enabled) return [];
    return (await this.models.all()).map(describeModel);
  }

  async resolveModel(requested: string, models?: readonly InProcessModel[]): Promise<Resolution> {
    this.requireEnabled();
    return resolveModel(requested, models ?? (await this.listModels()), this.options.defaultModel?.());
  }

  async chat(call: InProcessCall): Promise<InProcessAnswer> {
    this.requireEnabled();
    const { signal } = call;
    if (signal.aborted) throw clientClosed();
    const chat = await this.models.get(call.model);
    if (!chat) throw noSuchModel(call.model);
    const messages = toMessages(call.request, describeModel(chat));
    const options = toOptions(call.request, call.client);
    const images = call.request.messages.some((m) => m.parts.some((p) => p.type === 'image'));
    const ctx = { model: chat.id, client: call.client, images };
    const { cts, release } = linkedToken(signal);
    try {
      const response = await watchConsent(chat.sendRequest(messages, options, cts.token), ctx, (e) => this.announce(e), this.options.consentHintMs);
      const parts = response.stream[Symbol.asyncIterator]();
      // Errors (no permission, blocked, ...) come here, while the client can still get a 4xx.
      const first = await parts.next();
      if (signal.aborted) throw clientClosed();
      this.log.debug(`vscode-lm: ${chat.id} answers ${call.client}; its usage is estimated (the Language Model API reports none)`);
      const run: Run = { ctx, signal, cts, decoder: new LmStreamDecoder(call.request, chat.id), release };
      return { model: chat.id, events: this.events(first, parts, run) };
    } catch (e) {
      cts.cancel();
      release();
      if (signal.aborted) throw clientClosed();
      throw lmError(e, ctx);
    }
  }

  private async *events(first: IteratorResult<unknown>, parts: AsyncIterator<unknown>, run: Run): AsyncGenerator<IRStreamEvent> {
    let complete = false;
    try {
      yield run.decoder.start();
      for (let r = first; !r.done;) {
        for (const e of run.decoder.push(r.value)) yield e;
        try {
          r = await parts.next();
        } catch (err) {
          if (run.signal.aborted) return;
          const e = lmError(err, run.ctx);
          this.log.warn(`vscode-lm: ${run.ctx.model} failed mid-answer for ${run.ctx.client}: ${e.message}`);
          yield { type: 'error', status: e.status, message: e.message };
          return;
        }
      }
      // A cancelled request's stream just ends: nothing to finish.
      if (run.signal.aborted) return;
      for (const e of run.decoder.end()) yield e;
      complete = true;
    } finally {
      // The reader stopped early or the model failed: stop the model too.
      if (!complete) run.cts.cancel();
      run.release();
    }
  }

  /** The model's own tokenizer (provideTokenCount); the core's estimate when it cannot count. */
  async countTokens(model: string, request: IRRequest, signal: AbortSignal): Promise<number> {
    this.requireEnabled();
    if (signal.aborted) throw clientClosed();
    const chat = await this.models.get(model);
    if (!chat) throw noSuchModel(model);
    const messages = toMessages(request, describeModel(chat));
    const { cts, release } = linkedToken(signal);
    try {
      const texts: Array<string | vscode.LanguageModelChatMessage> = [...messages];
      if (request.tools?.length) texts.push(JSON.stringify(request.tools));
      const counts = await Promise.all(texts.map((t) => chat.countTokens(t, cts.token)));
      const total = counts.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
      if (total > 0) return total;
      // VS Code answers 0 when the model's provider cannot count.
      this.log.debug(`vscode-lm: ${chat.id} cannot count tokens; the count is the proxy's estimate`);
      return estimateTokens(request);
    } catch (e) {
      if (signal.aborted) throw clientClosed();
      throw lmError(e, { model: chat.id, client: 'a count_tokens request' });
    } finally {
      release();
    }
  }

  private announce(e: ConsentWait): void {
    const what = `Antigravity Proxy to use the language model "${e.model}" (asked for by ${e.client})`;
    if (e.state === 'waiting') this.log.info(`VS Code is waiting for you to allow ${what}: answer its dialog.`);
    else this.log.info(`The wait for you to allow ${what} ended: ${e.state}.`);
    this.consent.fire(e);
  }

  private requireEnabled(): void {
    if (!this.enabled) {
      throw lmUnavailable(
        'The editor\'s language models are turned off (setting antigravity.languageModels.enabled). Turn it on, or remove the upstream of kind "vscode-lm" from antigravity.upstreams.',
      );
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.models.dispose();
    this.consent.dispose();
    this.changed.dispose();
  }
}
