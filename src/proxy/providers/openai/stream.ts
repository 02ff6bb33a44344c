// OpenAI Chat Completions streams (chat.completion.chunk events, ended by `data: [DONE]`) <-> IR
// stream events, one event at a time.
import {
  isRecord,
  makeId,
  type IRStopReason,
  type IRStreamEvent,
  type StreamDecoder,
  type StreamEncoder,
  parseEventObject,
  StreamTotals,
} from '../../translate/ir';
import { sseEvent } from '../../translate/sse';
import { irStopToOpenai, irUsageToOpenai, openaiFinishToIR, openaiUsageToIR } from './response';
import { openaiErrors } from './errors';

export function createOpenaiStreamDecoder(): StreamDecoder {
  let started = false;
  let sawTool = false;
  let refused = false;
  // OpenAI index -> our tool index, and arguments that arrived before the call's name.
  const tools = new Map<number, { started: boolean; id: string; name: string; pending: string }>();
  return {
    push(_event, data) {
      const out: IRStreamEvent[] = [];
      if (data.trim() === '[DONE]') return out;
      const chunk = parseEventObject(data);
      if (!chunk) return out;
      if (isRecord(chunk.error)) {
        out.push({ type: 'error', status: 500, message: String(chunk.error.message ?? 'upstream error') });
        return out;
      }
      if (!started) {
        started = true;
        out.push({
          type: 'start',
          id: typeof chunk.id === 'string' ? chunk.id : makeId('chatcmpl-'),
          model: typeof chunk.model === 'string' ? chunk.model : '',
        });
      }
      const choice = Array.isArray(chunk.choices) && isRecord(chunk.choices[0]) ? chunk.choices[0] : undefined;
      const delta = choice && isRecord(choice.delta) ? choice.delta : undefined;
      if (delta) {
        const reasoning = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : typeof delta.reasoning === 'string' ? delta.reasoning : '';
        if (reasoning) out.push({ type: 'thinking', text: reasoning });
        if (typeof delta.content === 'string' && delta.content) out.push({ type: 'text', text: delta.content });
        if (typeof delta.refusal === 'string' && delta.refusal) {
          refused = true;
          out.push({ type: 'text', text: delta.refusal });
        }
        for (const tc of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
          if (!isRecord(tc)) continue;
          const index = typeof tc.index === 'number' ? tc.index : tools.size;
          const fn = isRecord(tc.function) ? tc.function : {};
          let t = tools.get(index);
          if (!t) {
            t = { started: false, id: '', name: '', pending: '' };
            tools.set(index, t);
          }
          if (typeof tc.id === 'string' && tc.id) t.id = tc.id;
          if (typeof fn.name === 'string' && fn.name) t.name += fn.name;
          const args = typeof fn.arguments === 'string' ? fn.arguments : '';
          if (!t.started && t.name) {
            t.started = true;
            sawTool = true;
            out.push({ type: 'tool_start', index, id: t.id || makeId('call_'), name: t.name });
            if (t.pending) out.push({ type: 'tool_args', index, delta: t.pending });
            t.pending = '';
          }
          if (args) {
            if (t.started) out.push({ type: 'tool_args', index, delta: args });
            else t.pending += args;
          }
        }
      }
      if (choice && typeof choice.finish_reason === 'string' && choice.finish_reason) {
        let reason: IRStopReason = refused ? 'content_filter' : openaiFinishToIR(choice.finish_reason);
        if (reason === 'end' && sawTool) reason = 'tool_use';
        out.push({ type: 'stop', reason });
      }
      const usage = openaiUsageToIR(chunk.usage);
      if (usage) out.push({ type: 'usage', usage });
      return out;
    },
  };
}

export interface OpenaiEncoderOptions {
  /** The client asked for stream_options.include_usage: send the final usage chunk. */
  includeUsage: boolean;
  created?: number;
}

export function createOpenaiStreamEncoder(opts: OpenaiEncoderOptions): StreamEncoder {
  let id = makeId('chatcmpl-');
  let model = '';
  let started = false;
  const totals = new StreamTotals();
  let sawTool = false;
  const created = opts.created ?? Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
    sseEvent({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  const ensureStart = (): string => {
    if (started) return '';
    started = true;
    return chunk({ role: 'assistant', content: '' });
  };
  return {
    push(e) {
      if (totals.take(e)) return '';
      switch (e.type) {
        case 'start':
          if (!started) {
            id = e.id.startsWith('chatcmpl') ? e.id : `chatcmpl-${e.id}`;
            model = e.model;
          }
          if (e.usage) totals.usage = e.usage;
          return ensureStart();
        case 'text':
          return ensureStart() + chunk({ content: e.text });
        case 'thinking':
          return ensureStart() + chunk({ reasoning_content: e.text });
        case 'tool_start':
          sawTool = true;
          return ensureStart() + chunk({ tool_calls: [{ index: e.index, id: e.id, type: 'function', function: { name: e.name, arguments: '' } }] });
        case 'tool_args':
          return chunk({ tool_calls: [{ index: e.index, function: { arguments: e.delta } }] });
        case 'error':
          return openaiErrors.streamEvent(e.status, e.code ?? 'upstream_error', e.message);
        default:
          return '';
      }
    },
    end() {
      let out = ensureStart();
      const r = totals.reason ?? (sawTool ? 'tool_use' : 'end');
      out += chunk({}, irStopToOpenai(r));
      if (opts.includeUsage && totals.usage) {
        out += sseEvent({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: irUsageToOpenai(totals.usage) });
      }
      return out + 'data: [DONE]\n\n';
    },
  };
}
