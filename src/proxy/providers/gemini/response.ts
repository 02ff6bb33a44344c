// Gemini GenerateContentResponse <-> IR.
import { irUsage, isRecord, makeId, parseArguments, tokenCount, type IRPart, type IRResponse, type IRStopReason, type IRUsage } from '../../translate/ir';

export function geminiFinishToIR(r: unknown): IRStopReason {
  switch (r) {
    case 'MAX_TOKENS':
      return 'max_tokens';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
      return 'content_filter';
    default:
      return 'end';
  }
}

export function irStopToGemini(r: IRStopReason): string {
  switch (r) {
    case 'max_tokens':
      return 'MAX_TOKENS';
    case 'content_filter':
      return 'SAFETY';
    default:
      // Gemini ends a function-calling turn with STOP too.
      return 'STOP';
  }
}

export function geminiUsageToIR(u: unknown): IRUsage | undefined {
  if (!isRecord(u)) return undefined;
  const thoughts = tokenCount(u.thoughtsTokenCount);
  return irUsage(tokenCount(u.promptTokenCount), tokenCount(u.candidatesTokenCount) + thoughts, tokenCount(u.cachedContentTokenCount), thoughts);
}

export function irUsageToGemini(u: IRUsage): Record<string, number> {
  const thoughts = u.reasoningTokens ?? 0;
  return {
    promptTokenCount: u.inputTokens,
    candidatesTokenCount: u.outputTokens - thoughts,
    totalTokenCount: u.inputTokens + u.outputTokens,
    ...(u.cacheReadTokens ? { cachedContentTokenCount: u.cacheReadTokens } : {}),
    ...(thoughts ? { thoughtsTokenCount: thoughts } : {}),
  };
}

/** The parts of the first candidate as IR parts (shared by the response and the stream decoder). */
export function geminiPartsToIR(candidate: Record<string, unknown>): IRPart[] {
  const content = isRecord(candidate.content) ? candidate.content : {};
  const out: IRPart[] = [];
  for (const p of Array.isArray(content.parts) ? content.parts : []) {
    if (!isRecord(p)) continue;
    if (typeof p.text === 'string') out.push(p.thought === true ? { type: 'thinking', text: p.text } : { type: 'text', text: p.text });
    else if (isRecord(p.functionCall)) {
      const fc = p.functionCall;
      const sig = typeof p.thoughtSignature === 'string' && p.thoughtSignature ? { signature: p.thoughtSignature } : {};
      out.push({
        type: 'tool_call',
        id: typeof fc.id === 'string' && fc.id ? fc.id : makeId('call_'),
        name: String(fc.name ?? ''),
        arguments: JSON.stringify(isRecord(fc.args) ? fc.args : {}),
        ...sig,
      });
    }
  }
  return out;
}

export function geminiResponseToIR(body: unknown, model: string): IRResponse {
  const b = isRecord(body) ? body : {};
  const cand = Array.isArray(b.candidates) && isRecord(b.candidates[0]) ? b.candidates[0] : {};
  const parts = geminiPartsToIR(cand);
  let stopReason = geminiFinishToIR(cand.finishReason);
  if (stopReason === 'end' && parts.some((p) => p.type === 'tool_call')) stopReason = 'tool_use';
  return {
    id: typeof b.responseId === 'string' ? b.responseId : makeId('gen-'),
    model: typeof b.modelVersion === 'string' ? b.modelVersion : model,
    parts,
    stopReason,
    usage: geminiUsageToIR(b.usageMetadata) ?? { inputTokens: 0, outputTokens: 0 },
  };
}

export function irPartToGemini(p: IRPart): Record<string, unknown> | undefined {
  switch (p.type) {
    case 'text':
      return { text: p.text };
    case 'thinking':
      return p.redacted ? undefined : { text: p.text, thought: true };
    case 'tool_call':
      return { functionCall: { id: p.id, name: p.name, args: parseArguments(p.arguments) }, ...(p.signature ? { thoughtSignature: p.signature } : {}) };
    default:
      return undefined;
  }
}

export function irToGeminiResponse(r: IRResponse): Record<string, unknown> {
  const parts = r.parts.map(irPartToGemini).filter((p): p is Record<string, unknown> => p !== undefined);
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: irStopToGemini(r.stopReason), index: 0 }],
    usageMetadata: irUsageToGemini(r.usage),
    modelVersion: r.model,
    responseId: r.id,
  };
}
