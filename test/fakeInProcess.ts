// A fake in-process provider (providers/inProcess.ts), standing in for the editor's models in
// plain Node. What it answers depends on the last user message:
//   "use a tool"      a call of the first offered tool with {"command":"ls"} (when tools are offered)
//   "fail first"      rejects before any event: 429 with Retry-After 3
//   "fail midway"     one text event, then throws (an error in the middle of the stream)
//   "keep going"      a text event every 20 ms until the signal aborts (records that it did)
//   "not allowed"     rejects before any event: 403 lm_no_permission (VS Code's consent refused)
//   anything else     "Hello from <model>" with usage, then stop
// With { changeEvent: true } it has onDidChangeModels (fired by changeModels()) and counts listings.
import { ProxyError } from '../src/proxy/errors';
import type { InProcessCall, InProcessModel, InProcessProvider } from '../src/proxy/providers/inProcess';
import type { IRRequest, IRStreamEvent } from '../src/proxy/translate/ir';

export const FAKE_MODELS: InProcessModel[] = [
  {
    id: 'fake-gpt-4o',
    name: 'Fake GPT-4o',
    vendor: 'fakevendor',
    family: 'gpt-4o',
    maxInputTokens: 64000,
    maxOutputTokens: 4096,
    capabilities: { toolCalling: true },
  },
  {
    id: 'fake-claude-sonnet',
    name: 'Fake Claude Sonnet',
    vendor: 'fakevendor',
    family: 'claude-sonnet',
    maxInputTokens: 128000,
    capabilities: { toolCalling: true },
  },
];

export interface FakeInProcess extends InProcessProvider {
  calls: InProcessCall[];
  /** How often listModels() was called. */
  listed: number;
  /** Replaces the model list and fires onDidChangeModels (with { changeEvent: true }). */
  changeModels(models: InProcessModel[]): void;
  /** Set when a call's signal aborted. */
  aborted: boolean;
  counted: Array<{ model: string; request: IRRequest }>;
}

function lastUserText(r: IRRequest): string {
  const m = [...r.messages].reverse().find((x) => x.role === 'user');
  return (m?.parts ?? []).map((p) => (p.type === 'text' ? p.text : p.type === 'tool_result' ? `tool result: ${p.content}` : '')).join('');
}

export function fakeInProcess(kind = 'fake-lm', o: { countTokens?: boolean; changeEvent?: boolean } = {}): FakeInProcess {
  let models = FAKE_MODELS;
  const listeners = new Set<() => void>();
  const fake: FakeInProcess = {
    kind,
    calls: [],
    listed: 0,
    aborted: false,
    counted: [],
    changeModels(next) {
      models = next;
      for (const l of listeners) l();
    },
    async listModels() {
      fake.listed++;
      return models;
    },
    async resolveModel(requested) {
      const exact = models.find((m) => m.id === requested);
      if (exact) return { id: exact.id, reason: 'exact id' };
      const family = models.find((m) => requested.startsWith(m.family) || requested.includes(m.family.split('-')[0]));
      if (family) return { id: family.id, reason: `same family as "${requested}" (${family.family})` };
      if (requested === 'nothing-like-it') throw new ProxyError('model_not_found', `No editor model serves "${requested}".`);
      return { id: models[0].id, reason: 'the default model' };
    },
    async chat(call) {
      fake.calls.push(call);
      const text = lastUserText(call.request);
      if (text === 'fail first') throw new ProxyError('upstream_rate_limited', 'The editor model is rate-limited.', { headers: { 'retry-after': '3' } });
      if (text === 'not allowed')
        throw new ProxyError('lm_no_permission', `VS Code has not allowed Antigravity Proxy to use the language model "${call.model}".`);
      const model = call.model;
      call.signal.addEventListener('abort', () => (fake.aborted = true));
      async function* events(): AsyncGenerator<IRStreamEvent> {
        yield { type: 'start', id: 'msg_fake_lm', model: '' };
        if (text === 'fail midway') {
          yield { type: 'text', text: 'partial ' };
          throw new ProxyError('upstream_error', 'The editor model stopped in the middle.');
        }
        if (text === 'keep going') {
          for (let i = 0; i < 500 && !call.signal.aborted; i++) {
            yield { type: 'text', text: `${i} ` };
            await new Promise((r) => setTimeout(r, 20));
          }
          return;
        }
        if (text === 'use a tool' && call.request.tools?.length) {
          // Each call arrives whole, as vscode.lm delivers it: one arguments chunk.
          yield { type: 'tool_start', index: 0, id: 'call_lm_1', name: call.request.tools[0].name };
          yield { type: 'tool_args', index: 0, delta: '{"command":"ls"}' };
          yield { type: 'usage', usage: { inputTokens: 9, outputTokens: 3 } };
          yield { type: 'stop', reason: 'tool_use' };
          return;
        }
        const answer = text.startsWith('tool result: ') ? `The tool said ${text.slice(13)}` : `Hello from ${model}`;
        yield { type: 'text', text: answer.slice(0, 6) };
        yield { type: 'text', text: answer.slice(6) };
        yield { type: 'usage', usage: { inputTokens: 9, outputTokens: 4 } };
        yield { type: 'stop', reason: 'end' };
      }
      return { model, events: events() };
    },
  };
  if (o.changeEvent) {
    fake.onDidChangeModels = (l) => {
      listeners.add(l);
      return { dispose: () => listeners.delete(l) };
    };
  }
  if (o.countTokens) {
    fake.countTokens = async (model, request) => {
      fake.counted.push({ model, request });
      return 77;
    };
  }
  return fake;
}
