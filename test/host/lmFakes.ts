// Fake editor models (LanguageModelChat) for the host tests of the vscode-lm bridge
// (test/host/lm-*.test.ts): each records what sendRequest received and answers with a scripted
// list of parts, failures and delays, the way VS Code's do (errors while reading the stream; a
// cancelled stream just ends).
import { state, vscodeMock } from './vscodeMock';
import type { IRMessage, IRRequest, IRStreamEvent } from '../../src/proxy';

/** A failure at this point of the answer stream. */
export interface Fail {
  fail: unknown;
}
/** A part of the answer, or a Fail. */
export type Step = unknown;

export interface FakeChatSpec {
  id: string;
  family?: string;
  name?: string;
  vendor?: string;
  version?: string;
  maxInputTokens?: number;
  /** Reported as VS Code 1.139 does at run time (capabilities.supportsImageToText). */
  imageInput?: boolean;
  /** The answer's parts in order; `{ fail: error }` rejects the stream there. */
  answer?: Step[];
  /** sendRequest itself rejects with this. */
  refuse?: unknown;
  /** sendRequest settles only after this many ms (as while VS Code shows its consent dialog). */
  sendDelayMs?: number;
  /** A pause before each part; a cancellation ends the pause and the stream. */
  partDelayMs?: number;
  /** provideTokenCount (VS Code answers 0 when the provider cannot count). */
  count?: (text: unknown) => number;
}

interface Token {
  isCancellationRequested: boolean;
  onCancellationRequested(l: () => void): { dispose(): void };
}

export interface SentRequest {
  messages: Array<{ role: number; content: unknown[] }>;
  options: Record<string, unknown>;
  token: Token;
}

const isFail = (s: Step): s is Fail => typeof s === 'object' && s !== null && 'fail' in s;

function pause(ms: number, token: Token): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    token.onCancellationRequested(() => {
      clearTimeout(t);
      resolve();
    });
  });
}

async function* answer(spec: FakeChatSpec, token: Token): AsyncGenerator<unknown> {
  for (const step of spec.answer ?? []) {
    if (spec.partDelayMs) await pause(spec.partDelayMs, token);
    if (token.isCancellationRequested) return;
    if (isFail(step)) throw step.fail;
    yield step;
  }
}

export function fakeChat(spec: FakeChatSpec) {
  const sent: SentRequest[] = [];
  return {
    id: spec.id,
    name: spec.name ?? spec.id,
    vendor: spec.vendor ?? 'fake',
    family: spec.family ?? spec.id,
    version: spec.version ?? '1',
    maxInputTokens: spec.maxInputTokens ?? 100_000,
    ...(spec.imageInput !== undefined ? { capabilities: { supportsImageToText: spec.imageInput, supportsToolCalling: true } } : {}),
    sent,
    async sendRequest(messages: SentRequest['messages'], options: Record<string, unknown>, token: Token) {
      sent.push({ messages, options, token });
      if (spec.sendDelayMs) await new Promise((r) => setTimeout(r, spec.sendDelayMs));
      if (spec.refuse !== undefined) throw spec.refuse;
      return { stream: answer(spec, token) };
    },
    async countTokens(text: unknown) {
      return spec.count ? spec.count(text) : 0;
    },
  };
}

/** Puts these models into vscode.lm (and tells listeners they changed). */
export function setModels(...models: Array<ReturnType<typeof fakeChat>>): void {
  state.lmModels = models;
  state.lmChanged.fire();
}

export const text = (t: string) => new vscodeMock.LanguageModelTextPart(t);
export const toolCall = (id: string, name: string, input: object) => new vscodeMock.LanguageModelToolCallPart(id, name, input);

export function ir(messages: IRMessage[], extra: Partial<IRRequest> = {}): IRRequest {
  return { model: 'm', messages, stream: true, ...extra };
}

export const user = (t: string): IRMessage => ({ role: 'user', parts: [{ type: 'text', text: t }] });

export async function collect(events: AsyncIterable<IRStreamEvent>): Promise<IRStreamEvent[]> {
  const out: IRStreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}
