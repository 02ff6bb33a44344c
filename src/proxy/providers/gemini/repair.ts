// Gemini's output limit (generationConfig.maxOutputTokens), and what its 400s can be answered
// with, once: the other thinking field (Gemini 2.x takes a budget, Gemini 3 a level, and the
// proxy tells them apart by name only).
import { isRecord } from '../../translate/ir';
import { switchThinkingField } from './request';

const config = (body: Record<string, unknown>): Record<string, unknown> => (isRecord(body.generationConfig) ? body.generationConfig : {});

export const geminiOutputLimit = {
  requested(body: Record<string, unknown>): number | undefined {
    const n = config(body).maxOutputTokens;
    return typeof n === 'number' ? n : undefined;
  },
  cap(body: Record<string, unknown>, limit: number): Record<string, unknown> {
    const gc = config(body);
    if (typeof gc.maxOutputTokens !== 'number' || gc.maxOutputTokens <= limit) return body;
    return { ...body, generationConfig: { ...gc, maxOutputTokens: limit } };
  },
};

export function repairGeminiRequest(body: Record<string, unknown>, text: string): Record<string, unknown> | undefined {
  const gc = config(body);
  if (isRecord(gc.thinkingConfig) && /thinking_?(?:level|budget)/i.test(text)) {
    return { ...body, generationConfig: { ...gc, thinkingConfig: switchThinkingField(gc.thinkingConfig) } };
  }
  return undefined;
}
