// Gemini's token counting (POST /v1beta/models/{model}:countTokens): the request is {contents} or
// {generateContentRequest: {...}}, the answer {"totalTokens": N}.
import { isRecord, type IRRequest } from '../../translate/ir';
import { irToGeminiRequest } from './request';

export function geminiCountBody(ir: IRRequest, original: Record<string, unknown> | undefined): Record<string, unknown> {
  // The client's own body as sent; the model is in the URL.
  if (original) return original;
  return { generateContentRequest: { model: `models/${ir.model}`, ...irToGeminiRequest(ir) } };
}

export function geminiCount(answer: unknown): number | undefined {
  return isRecord(answer) && typeof answer.totalTokens === 'number' ? answer.totalTokens : undefined;
}

/** The generate request inside a client's countTokens body (it may be wrapped). */
export function geminiCountRequest(body: Record<string, unknown>): Record<string, unknown> {
  return isRecord(body.generateContentRequest) ? body.generateContentRequest : body;
}
