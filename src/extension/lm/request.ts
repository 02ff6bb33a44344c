// IR request -> what `LanguageModelChat.sendRequest` takes (issue 13): messages of the stable API
// only (no System role: `languageModelSystem` is a proposal desktop VS Code refuses, so the system
// prompt is folded into the first user message), and the options (tools, tool mode, and the
// justification VS Code shows in its consent dialog, naming the client).
import * as vscode from 'vscode';
import { ProxyError, parseArguments, type IRPart, type IRRequest } from '../../proxy';
import type { InProcessModel } from '../../proxy';

type Part = vscode.LanguageModelInputPart;

function imagePart(p: Extract<IRPart, { type: 'image' }>, model: InProcessModel): Part {
  if (model.capabilities?.imageInput !== true) {
    throw new ProxyError(
      'image_not_supported',
      `The editor model "${model.id}" does not accept images (VS Code does not report image input for it). Send the request without images, or ask for a model that accepts them.`,
    );
  }
  if (p.data === undefined) {
    throw new ProxyError('image_url_not_supported', "The editor's language models take images inline only: send the image as base64 data, not as a URL.");
  }
  return vscode.LanguageModelDataPart.image(Buffer.from(p.data, 'base64'), p.mediaType);
}

function toPart(p: IRPart, model: InProcessModel): Part | undefined {
  switch (p.type) {
    case 'text':
      return p.text ? new vscode.LanguageModelTextPart(p.text) : undefined;
    case 'image':
      return imagePart(p, model);
    case 'tool_call':
      return new vscode.LanguageModelToolCallPart(p.id, p.name, parseArguments(p.arguments));
    case 'tool_result':
      // The text must be wrapped in a TextPart: a bare string in the content is silently dropped.
      // The stable API has no error flag for a result, so a failed call says so in its text.
      return new vscode.LanguageModelToolResultPart(p.id, [new vscode.LanguageModelTextPart(p.isError ? `Error: ${p.content}` : p.content)]);
    case 'thinking':
      return undefined; // the stable API takes no reasoning back
  }
}

export function toMessages(ir: IRRequest, model: InProcessModel): vscode.LanguageModelChatMessage[] {
  const turns: Array<{ role: vscode.LanguageModelChatMessageRole; parts: Part[] }> = [];
  for (const m of ir.messages) {
    const parts: Part[] = [];
    for (const p of m.parts) {
      const part = toPart(p, model);
      if (part) parts.push(part);
    }
    if (parts.length) turns.push({ role: m.role === 'user' ? vscode.LanguageModelChatMessageRole.User : vscode.LanguageModelChatMessageRole.Assistant, parts });
  }
  if (ir.system) {
    const system = new vscode.LanguageModelTextPart(ir.system);
    if (turns[0]?.role === vscode.LanguageModelChatMessageRole.User) turns[0].parts.unshift(system);
    else turns.unshift({ role: vscode.LanguageModelChatMessageRole.User, parts: [system] });
  }
  return turns.map((t) => new vscode.LanguageModelChatMessage(t.role, t.parts));
}

/** Shown by VS Code when it asks the user to allow this extension to use a model (in the display language). */
export function justification(client: string): string {
  const who =
    client
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .trim()
      .slice(0, 80) || vscode.l10n.t('A client');
  return vscode.l10n.t('{0} is asking through Antigravity Proxy, the local API proxy running in this VS Code.', who);
}

export function toOptions(ir: IRRequest, client: string): vscode.LanguageModelChatRequestOptions {
  const options: vscode.LanguageModelChatRequestOptions = { justification: justification(client) };
  const choice = ir.toolChoice ?? { type: 'auto' };
  if (!ir.tools?.length || choice.type === 'none') return options;
  const tools = choice.type === 'tool' ? ir.tools.filter((t) => t.name === choice.name) : ir.tools;
  if (tools.length === 0) {
    throw new ProxyError(
      'invalid_tool_choice',
      `The tool choice names the tool "${choice.type === 'tool' ? choice.name.slice(0, 100) : ''}", which is not among the request's tools.`,
    );
  }
  options.tools = tools.map((t) => ({ name: t.name, description: t.description ?? '', inputSchema: t.parameters }));
  // A named tool is the only one offered, and required: the closest the stable API comes to it.
  options.toolMode = choice.type === 'auto' ? vscode.LanguageModelChatToolMode.Auto : vscode.LanguageModelChatToolMode.Required;
  return options;
}
