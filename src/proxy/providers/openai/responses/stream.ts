// IR stream events -> OpenAI Responses API stream (response.created, output_item.added,
// output_text.delta, function_call_arguments.delta, ..., response.completed), one item open at a
// time and every item closed with its .done events, as Codex reads them.
import { makeId, type StreamEncoder, StreamTotals } from '../../../translate/ir';
import { sseEvent } from '../../../translate/sse';
import { finalStatus, responseShell } from './response';

type Item =
  | { kind: 'message'; id: string; text: string }
  | { kind: 'reasoning'; id: string; text: string }
  | { kind: 'call'; id: string; tool: number; callId: string; name: string; args: string };

export function createResponsesStreamEncoder(createdAt = Math.floor(Date.now() / 1000)): StreamEncoder {
  let seq = 0;
  let id = makeId('resp_');
  let model = '';
  let started = false;
  const totals = new StreamTotals();
  let open: Item | undefined;
  const done: unknown[] = [];
  const queued: Array<Extract<Item, { kind: 'call' }>> = [];

  const ev = (type: string, data: Record<string, unknown>): string => sseEvent({ type, sequence_number: seq++, ...data }, type);
  const start = (): string => {
    if (started) return '';
    started = true;
    const response = responseShell(id, model, createdAt, 'in_progress', [], undefined);
    return ev('response.created', { response }) + ev('response.in_progress', { response });
  };
  const itemJson = (it: Item, status: string): Record<string, unknown> => {
    if (it.kind === 'message') return { type: 'message', id: it.id, status, role: 'assistant', content: status === 'completed' ? [{ type: 'output_text', text: it.text, annotations: [] }] : [] };
    if (it.kind === 'reasoning') return { type: 'reasoning', id: it.id, summary: status === 'completed' ? [{ type: 'summary_text', text: it.text }] : [] };
    return { type: 'function_call', id: it.id, call_id: it.callId, name: it.name, arguments: status === 'completed' ? it.args : '', status };
  };
  const close = (): string => {
    const it = open;
    if (!it) return '';
    open = undefined;
    const output_index = done.length;
    let out = '';
    if (it.kind === 'message') {
      const part = { type: 'output_text', text: it.text, annotations: [] };
      out += ev('response.output_text.done', { item_id: it.id, output_index, content_index: 0, text: it.text });
      out += ev('response.content_part.done', { item_id: it.id, output_index, content_index: 0, part });
    } else if (it.kind === 'reasoning') {
      out += ev('response.reasoning_summary_text.done', { item_id: it.id, output_index, summary_index: 0, text: it.text });
      out += ev('response.reasoning_summary_part.done', { item_id: it.id, output_index, summary_index: 0, part: { type: 'summary_text', text: it.text } });
    } else {
      out += ev('response.function_call_arguments.done', { item_id: it.id, output_index, arguments: it.args });
    }
    const item = itemJson(it, 'completed');
    done.push(item);
    return out + ev('response.output_item.done', { output_index, item });
  };
  const openItem = (it: Item): string => {
    let out = close();
    open = it;
    const output_index = done.length;
    out += ev('response.output_item.added', { output_index, item: itemJson(it, 'in_progress') });
    if (it.kind === 'message') out += ev('response.content_part.added', { item_id: it.id, output_index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
    if (it.kind === 'reasoning') out += ev('response.reasoning_summary_part.added', { item_id: it.id, output_index, summary_index: 0, part: { type: 'summary_text', text: '' } });
    if (it.kind === 'call' && it.args) out += ev('response.function_call_arguments.delta', { item_id: it.id, output_index, delta: it.args });
    return out;
  };
  const flushQueued = (): string => {
    let out = '';
    while (queued.length) out += openItem(queued.shift()!) + close();
    return out;
  };

  return {
    push(e) {
      if (totals.take(e)) return '';
      switch (e.type) {
        case 'start':
          if (!started) {
            id = e.id.startsWith('resp_') ? e.id : `resp_${e.id}`;
            model = e.model;
          }
          if (e.usage) totals.usage = e.usage;
          return start();
        case 'text': {
          if (!e.text) return start();
          let out = start();
          if (open?.kind !== 'message') out += flushQueued() + openItem({ kind: 'message', id: makeId('msg_'), text: '' });
          const it = open as Extract<Item, { kind: 'message' }>;
          it.text += e.text;
          return out + ev('response.output_text.delta', { item_id: it.id, output_index: done.length, content_index: 0, delta: e.text });
        }
        case 'thinking': {
          if (!e.text) return start();
          let out = start();
          if (open?.kind !== 'reasoning') out += flushQueued() + openItem({ kind: 'reasoning', id: makeId('rs_'), text: '' });
          const it = open as Extract<Item, { kind: 'reasoning' }>;
          it.text += e.text;
          return out + ev('response.reasoning_summary_text.delta', { item_id: it.id, output_index: done.length, summary_index: 0, delta: e.text });
        }
        case 'tool_start': {
          const it: Extract<Item, { kind: 'call' }> = { kind: 'call', id: makeId('fc_'), tool: e.index, callId: e.id, name: e.name, args: '' };
          if (open?.kind === 'call' || queued.length) {
            queued.push(it);
            return start();
          }
          return start() + openItem(it);
        }
        case 'tool_args': {
          if (open?.kind === 'call' && open.tool === e.index) {
            open.args += e.delta;
            return ev('response.function_call_arguments.delta', { item_id: open.id, output_index: done.length, delta: e.delta });
          }
          const q = queued.find((t) => t.tool === e.index);
          if (q) q.args += e.delta;
          return '';
        }
        case 'error':
          return start() + ev('error', { code: e.status === 429 ? 'rate_limit_exceeded' : 'upstream_error', message: e.message, param: null });
        default:
          return '';
      }
    },
    end() {
      const out = start() + close() + flushQueued();
      const status = finalStatus(totals.reason);
      const response = responseShell(id, model, createdAt, status, done, totals.finalUsage, totals.reason);
      return out + ev(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
    },
  };
}
