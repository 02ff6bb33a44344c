// The editor's chat models as vscode.lm reports them (issue 13). Queried when first needed and
// again after onDidChangeChatModels (providers activate lazily: models appear seconds after
// start; in code-server none is usable before a window connects), and while the list is empty.
import * as vscode from 'vscode';
import type { InProcessModel } from '../../proxy';

/**
 * Not in the stable typings, but on VS Code's model objects at run time (1.139:
 * `capabilities.supportsImageToText` / `supportsToolCalling`). Read when present.
 */
interface RuntimeCapabilities {
  capabilities?: { supportsImageToText?: unknown; supportsToolCalling?: unknown };
}

const flag = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

export function describeModel(chat: vscode.LanguageModelChat): InProcessModel {
  const caps = (chat as vscode.LanguageModelChat & RuntimeCapabilities).capabilities;
  const imageInput = flag(caps?.supportsImageToText);
  const toolCalling = flag(caps?.supportsToolCalling);
  return {
    id: chat.id,
    name: chat.name,
    vendor: chat.vendor,
    family: chat.family,
    version: chat.version,
    maxInputTokens: chat.maxInputTokens,
    ...(imageInput !== undefined || toolCalling !== undefined ? { capabilities: { imageInput, toolCalling } } : {}),
  };
}

export class LmModels implements vscode.Disposable {
  private list: Thenable<readonly vscode.LanguageModelChat[]> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The set of models changed (after VS Code said so); the next call queries it again. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.lm.onDidChangeChatModels(() => {
      this.list = undefined;
      this.changed.fire();
    });
  }

  async all(): Promise<readonly vscode.LanguageModelChat[]> {
    const cached = this.list && (await this.list);
    if (cached && cached.length > 0) return cached;
    const query = vscode.lm.selectChatModels();
    this.list = query;
    try {
      return await query;
    } catch (e) {
      if (this.list === query) this.list = undefined;
      throw e;
    }
  }

  async get(id: string): Promise<vscode.LanguageModelChat | undefined> {
    return (await this.all()).find((m) => m.id === id);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
