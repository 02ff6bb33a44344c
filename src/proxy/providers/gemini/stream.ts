// Gemini streamGenerateContent?alt=sse (each event a whole GenerateContentResponse, no
// terminator) <-> IR stream events. Gemini sends a function call whole in one chunk; going out,
// a call's argument deltas are collected and sent as one functionCall part when it is complete.
import {
  isRecord,
  makeId,
  parseArguments,
  type IRStreamEvent,
  type StreamDecoder,
  type StreamEncoder,
  parseEventObject,
  StreamTotals,
} from '../../translate/ir';
import { sseEvent } from '../../translate/sse';
import { geminiErrors } from './errors';
import { geminiFinishToIR, geminiPartsToIR, geminiUsageToIR, irStopToGemini, irUsageToGemini } from './response';

export function createGeminiStreamDecoder(model: string): StreamDecoder {
  let started = false;
  let tools = 0;
  return {
    push(_event, data) {
      const chunk = parseEventObject(data);
      if (!chunk) return [];
      const out: IRStreamEvent[] = [];
      if (isRecord(chunk.error)) {
        out.push({
          type: 'error',
          status: typeof chunk.error.code === 'number' ? chunk.error.code : 500,
          message: String(chunk.error.message ?? 'upstream error'),
        });
        return out;
      }
      if (!started) {
        started = true;
        out.push({
          type: 'start',
          id: typeof chunk.responseId === 'string' ? chunk.responseId : makeId('gen-'),
          model: typeof chunk.modelVersion === 'string' ? chunk.modelVersion : model,
        });
      }
      const cand = Array.isArray(chunk.candidates) && isRecord(chunk.candidates[0]) ? chunk.candidates[0] : undefined;
      if (cand) {
        for (const p of geminiPartsToIR(cand)) {
          if (p.type === 'text' && p.text) out.push({ type: 'text', text: p.text });
          else if (p.type === 'thinking' && p.text) out.push({ type: 'thinking', text: p.text });
          else if (p.type === 'tool_call') {
            const index = tools++;
            out.push(
              { type: 'tool_start', index, id: p.id, name: p.name, ...(p.signature ? { signature: p.signature } : {}) },
              { type: 'tool_args', index, delta: p.arguments },
            );
          }
        }
      }
      const usage = geminiUsageToIR(chunk.usageMetadata);
      if (usage) out.push({ type: 'usage', usage });
      if (cand && typeof cand.finishReason === 'string') {
        let reason = geminiFinishToIR(cand.finishReason);
        if (reason === 'end' && tools > 0) reason = 'tool_use';
        out.push({ type: 'stop', reason });
      }
      return out;
    },
  };
}

export function createGeminiStreamEncoder(): StreamEncoder {
  let id = makeId('gen-');
  let model = '';
  const totals = new StreamTotals();
  const pending = new Map<number, { id: string; name: string; args: string; signature?: string }>();
  const chunk = (parts: Record<string, unknown>[], extra: Record<string, unknown> = {}): string =>
    sseEvent({ candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }], modelVersion: model, responseId: id });
  const flushTools = (): string => {
    if (pending.size === 0) return '';
    const parts = [...pending.values()].map((t) => ({
      functionCall: { id: t.id, name: t.name, args: parseArguments(t.args) },
      ...(t.signature ? { thoughtSignature: t.signature } : {}),
    }));
    pending.clear();
    return chunk(parts);
  };
  return {
    push(e) {
      if (totals.take(e)) return '';
      switch (e.type) {
        case 'start':
          id = e.id;
          model = e.model;
          if (e.usage) totals.usage = e.usage;
          return '';
        case 'text':
          return e.text ? flushTools() + chunk([{ text: e.text }]) : '';
        case 'thinking':
          return e.text ? flushTools() + chunk([{ text: e.text, thought: true }]) : '';
        case 'tool_start':
          pending.set(e.index, { id: e.id, name: e.name, args: '', ...(e.signature ? { signature: e.signature } : {}) });
          return '';
        case 'tool_args': {
          const t = pending.get(e.index);
          if (t) t.args += e.delta;
          return '';
        }
        case 'error':
          return geminiErrors.streamEvent(e.status, e.code ?? 'upstream_error', e.message);
        default:
          return '';
      }
    },
    end() {
      const out = flushTools();
      return (
        out +
        sseEvent({
          candidates: [{ content: { role: 'model', parts: [] }, finishReason: irStopToGemini(totals.reason ?? 'end'), index: 0 }],
          usageMetadata: irUsageToGemini(totals.finalUsage),
          modelVersion: model,
          responseId: id,
        })
      );
    },
  };
}
