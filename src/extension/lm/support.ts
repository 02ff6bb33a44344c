// Whether this editor can serve the vscode-lm upstream kind (issue 13). The extension needs
// VS Code 1.106 (engines.vscode), whose stable API has everything the bridge uses
// (vscode.lm, tool call and result parts, data parts for images); an editor that loads the
// extension without it (a fork, a trimmed build) gets this reason instead of the kind, and every
// other upstream works as usual.
import * as vscode from 'vscode';

export const LM_MIN_VSCODE = '1.106';

/** undefined when the Language Model API is there; else the message for the log and the client. */
export function lmUnavailableReason(api: typeof vscode = vscode): string | undefined {
  const lm = (api as Partial<typeof vscode>).lm;
  const ok =
    typeof lm?.selectChatModels === 'function' &&
    typeof lm.onDidChangeChatModels === 'function' &&
    typeof api.LanguageModelToolCallPart === 'function' &&
    typeof api.LanguageModelToolResultPart === 'function' &&
    typeof api.LanguageModelDataPart === 'function';
  if (ok) return undefined;
  return `The "vscode-lm" upstream (the editor's own language models) needs VS Code ${LM_MIN_VSCODE} or later with the Language Model API; this editor (VS Code ${api.version}) does not offer it, so the kind is unavailable here. Every other upstream works as usual.`;
}
