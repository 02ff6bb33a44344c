// A fake language-model provider, registered with vscode.lm.registerLanguageModelChatProvider, for
// the real-host tests of the vscode-lm bridge (issue 13; test/vscode/suite/lm*.test.ts). Packaged
// with vsce and installed next to the extension under development (test/vscode/run.ts, phase L).
// Deterministic: it answers with text, with a tool call when tools are offered, with a text
// quoting the tool result when one comes back; the last user message can ask for a failure or a
// slow stream with a directive: [[error:NoPermissions|NotFound|Blocked|rate|generic|late]],
// [[slow]], and for the performance measurement [[stream:N:MS]]: N parts MS ms apart (the first at
// once), each "tok<i>@<epoch ms> " like the benchmark's upstream (bench/servers/upstream.mjs), so
// the benchmark's SSE client counts them and times their way through. It records what it
// received and which requests were cancelled; the suites read that through the extension's
// exports (FakeLmApi).
import * as vscode from 'vscode';

export const VENDOR = 'antigravity-fake';

export type SeenPart =
  | { kind: 'text'; text: string }
  | { kind: 'tool_call'; callId: string; name: string; input: unknown }
  | { kind: 'tool_result'; callId: string; content: SeenPart[] }
  | { kind: 'data'; mimeType: string; bytes: number }
  | { kind: 'other'; what: string };

export interface SeenRequest {
  id: number;
  model: string;
  messages: Array<{ role: number; parts: SeenPart[] }>;
  tools: string[];
  toolMode: number;
}

export interface FakeLmApi {
  requests: SeenRequest[];
  /** Ids of the requests whose cancellation reached the provider. */
  cancelled: number[];
  tokenCounts: number;
  addModel(info: vscode.LanguageModelChatInformation): void;
  removeModel(id: string): void;
}

const model = (id: string, family: string, version: string, maxInputTokens: number, imageInput: boolean): vscode.LanguageModelChatInformation => ({
  id,
  name: `Fake ${family}`,
  family,
  version,
  maxInputTokens,
  maxOutputTokens: 8192,
  capabilities: { imageInput, toolCalling: true },
});

const MODELS = [
  model('fake-claude-sonnet-4.5', 'claude-sonnet-4.5', '4.5', 200_000, true),
  model('fake-gpt-5', 'gpt-5', '5', 128_000, false),
  model('fake-gemini-2.5-pro', 'gemini-2.5-pro', '2.5', 1_000_000, true),
];

function seen(p: unknown): SeenPart {
  if (p instanceof vscode.LanguageModelTextPart) return { kind: 'text', text: p.value };
  if (p instanceof vscode.LanguageModelToolCallPart) return { kind: 'tool_call', callId: p.callId, name: p.name, input: p.input };
  if (p instanceof vscode.LanguageModelToolResultPart) return { kind: 'tool_result', callId: p.callId, content: p.content.map(seen) };
  if (p instanceof vscode.LanguageModelDataPart) return { kind: 'data', mimeType: p.mimeType, bytes: p.data.byteLength };
  return { kind: 'other', what: typeof p === 'string' ? `string ${p}` : String((p as object)?.constructor?.name) };
}

const textOf = (parts: readonly SeenPart[]): string => parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function activate(context: vscode.ExtensionContext): FakeLmApi {
  const models = [...MODELS];
  const changed = new vscode.EventEmitter<void>();
  let next = 0;
  const api: FakeLmApi = {
    requests: [],
    cancelled: [],
    tokenCounts: 0,
    addModel: (info) => {
      models.push(info);
      changed.fire();
    },
    removeModel: (id) => {
      const i = models.findIndex((m) => m.id === id);
      if (i >= 0) models.splice(i, 1);
      changed.fire();
    },
  };

  const provider: vscode.LanguageModelChatProvider = {
    onDidChangeLanguageModelChatInformation: changed.event,
    provideLanguageModelChatInformation: () => models,

    async provideLanguageModelChatResponse(info, messages, options, progress, token) {
      const request: SeenRequest = {
        id: ++next,
        model: info.id,
        messages: messages.map((m) => ({ role: m.role, parts: m.content.map(seen) })),
        tools: (options.tools ?? []).map((t) => t.name),
        toolMode: options.toolMode,
      };
      api.requests.push(request);
      token.onCancellationRequested(() => api.cancelled.push(request.id));
      const last = request.messages.at(-1)?.parts ?? [];
      const said = textOf(last);
      const directive = /\[\[(\w+)(?::(\w+))?(?::(\w+))?\]\]/.exec(said);
      const say = (t: string): void => progress.report(new vscode.LanguageModelTextPart(t));

      if (directive?.[1] === 'error') {
        switch (directive[2]) {
          case 'NoPermissions':
            throw vscode.LanguageModelError.NoPermissions('fake: this extension may not use the model');
          case 'NotFound':
            throw vscode.LanguageModelError.NotFound('fake: the model is gone');
          case 'Blocked':
            throw vscode.LanguageModelError.Blocked('fake: blocked, try again in 11 seconds');
          case 'rate':
            throw new Error('fake: rate limit exceeded, retry after 5 seconds');
          case 'late':
            say('partial ');
            await sleep(100);
            throw new Error('fake: died mid-answer');
          default:
            throw new Error('fake provider exploded');
        }
      }
      if (directive?.[1] === 'stream') {
        const n = Math.min(Number(directive[2]) || 1, 10_000);
        const ms = Number(directive[3]) || 0;
        for (let i = 0; i < n && !token.isCancellationRequested; i++) {
          if (i > 0 && ms > 0) await sleep(ms);
          say(`tok${i}@${(performance.timeOrigin + performance.now()).toFixed(1)} `);
        }
        return;
      }
      if (directive?.[1] === 'slow') {
        for (let i = 0; i < 400 && !token.isCancellationRequested; i++) {
          say(`${i} `);
          await sleep(50);
        }
        return;
      }
      const result = last.find((p): p is Extract<SeenPart, { kind: 'tool_result' }> => p.kind === 'tool_result');
      if (result) {
        say(`The tool said: ${textOf(result.content) || '(nothing: the result held no text part)'}`);
        return;
      }
      if (request.tools.length > 0) {
        progress.report(new vscode.LanguageModelToolCallPart(`fake_call_${request.id}`, request.tools[0], { query: said, n: request.id }));
        return;
      }
      const images = last.filter((p) => p.kind === 'data').map((p) => (p.kind === 'data' ? ` [${p.mimeType}, ${p.bytes} bytes]` : ''));
      say(`Hello from ${info.id}.`);
      say(` You said: ${said}${images.join('')}`);
    },

    async provideTokenCount(_info, text) {
      api.tokenCounts++;
      // One token per character: unlike the proxy's estimate (four per token), so a test can tell.
      return typeof text === 'string' ? text.length : textOf(text.content.map(seen)).length + 3;
    },
  };
  context.subscriptions.push(changed, vscode.lm.registerLanguageModelChatProvider(VENDOR, provider));
  return api;
}

export function deactivate(): void {}
