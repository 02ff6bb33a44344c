// `LanguageModelChatResponse.stream` parts -> IR stream events (issue 13). Text parts are text;
// a tool call arrives whole, so it is one tool_start and one tool_args chunk; the stop reason is
// tool_use when a tool call came. The Language Model API reports no usage, so the answer's usage
// is the core's estimate (estimateTokens: about 4 characters per token) for the request and the
// answer. Data and other parts carry nothing the IR answer has: skipped.
import * as vscode from 'vscode';
import { estimateTokens, makeId, type IRPart, type IRRequest, type IRStreamEvent, type IRUsage } from '../../proxy';

export class LmStreamDecoder {
  private tools = 0;
  /** What the model said so far, for the output estimate. */
  private readonly said: IRPart[] = [];

  constructor(
    private readonly request: IRRequest,
    private readonly model: string,
  ) {}

  start(): IRStreamEvent {
    return { type: 'start', id: makeId('msg_vslm_'), model: this.model };
  }

  push(part: unknown): IRStreamEvent[] {
    if (part instanceof vscode.LanguageModelTextPart) {
      if (!part.value) return [];
      this.said.push({ type: 'text', text: part.value });
      return [{ type: 'text', text: part.value }];
    }
    if (part instanceof vscode.LanguageModelToolCallPart) {
      const index = this.tools++;
      const id = part.callId || makeId('call_');
      const args = JSON.stringify(part.input ?? {});
      this.said.push({ type: 'tool_call', id, name: part.name, arguments: args });
      return [
        { type: 'tool_start', index, id, name: part.name },
        { type: 'tool_args', index, delta: args },
      ];
    }
    return [];
  }

  /** Estimated: the API has no usage (README "The editor's language models"). */
  usage(): IRUsage {
    return {
      inputTokens: estimateTokens(this.request),
      outputTokens: estimateTokens({ model: this.model, stream: true, messages: [{ role: 'assistant', parts: this.said }] }),
    };
  }

  end(): IRStreamEvent[] {
    return [
      { type: 'usage', usage: this.usage() },
      { type: 'stop', reason: this.tools > 0 ? 'tool_use' : 'end' },
    ];
  }
}
