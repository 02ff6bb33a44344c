// The dialogs the commands open, behind an interface: the in-host tests answer them through the
// test API (only in ExtensionMode.Test) while the command itself runs unchanged via executeCommand.
import * as vscode from 'vscode';

export interface Prompts {
  /** A modal confirmation; true when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  pick(items: string[], placeHolder: string): Promise<string | undefined>;
}

export const windowPrompts: Prompts = {
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  input: (options) => Promise.resolve(vscode.window.showInputBox(options)),
  pick: (items, placeHolder) => Promise.resolve(vscode.window.showQuickPick(items, { placeHolder })),
};

/** Test mode: answers queued by the test are used first, then the real dialogs. */
export class ScriptedPrompts implements Prompts {
  readonly answers: Array<boolean | string | undefined> = [];
  async confirm(message: string, detail: string, action: string): Promise<boolean> {
    return this.answers.length ? this.answers.shift() === true : windowPrompts.confirm(message, detail, action);
  }
  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    if (!this.answers.length) return windowPrompts.input(options);
    const a = this.answers.shift();
    return typeof a === 'string' ? a : undefined;
  }
  async pick(items: string[], placeHolder: string): Promise<string | undefined> {
    if (!this.answers.length) return windowPrompts.pick(items, placeHolder);
    const a = this.answers.shift();
    return typeof a === 'string' ? items.find((i) => i === a || i.startsWith(a)) : undefined;
  }
}
