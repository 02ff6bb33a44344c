// IR stream events -> OpenAI Responses API stream (response.created, output_item.added,
// output_text.delta, function_call_arguments.delta, ..., response.completed), one item open at a
// time and every item closed with its .done events, as Codex reads them (Codex takes items from
// output_item.done). Exactly one terminal event: response.completed, response.incomplete
// (max_output_tokens, content_filter) or, on an upstream error, response.failed and nothing after
// it (an `error` event followed by response.completed made Codex exit 0 with an empty answer).
// Custom and local_shell calls are sent whole at their output_item.done (their input is not the
// arguments JSON the model streams).
import { makeId, type IRPart, type IRRequest, type IRStreamEvent, type StreamEncoder, StreamTotals } from '../../../translate/ir';
import { sseEvent } from '../../../translate/sse';
import { callItem, finalStatus, reasoningItem, responseShell, signaturesItem } from './response';

type Item =
  | { kind: 'message'; id: string; text: string }
  | { kind: 'reasoning'; id: string; text: string; signature?: string; redacted?: boolean }
  | { kind: 'call'; id: string; tool: number; callId: string; name: string; args: string; whole: boolean };

/** The Responses error code Codex acts on: it waits on rate limits and stops on a full context; it retries the rest. */
function failureCode(e: Extract<IRStreamEvent, { type: 'error' }>): string {
  if (e.status === 429) return 'rate_limit_exceeded';
  if (/context (?:length|window)|too many tokens|prompt is too long/i.test(e.message)) return 'context_length_exceeded';
  return 'server_error';
}

export function createResponsesStreamEncoder(createdAt = Math.floor(Date.now() / 1000), request?: IRRequest): StreamEncoder {
  let seq = 0;
  let id = makeId('resp_');
  let model = '';
  let started = false;
  let failed = false;
  const totals = new StreamTotals();
  let open: Item | undefined;
  const done: unknown[] = [];
  const queued: Array<Extract<Item, { kind: 'call' }>> = [];
  const signatures: Record<string, string> = {};
  // Plain functions stream their arguments; custom and local_shell calls are sent whole.
  const whole = (name: string): boolean => {
    const kind = request?.tools?.find((t) => t.name === name)?.origin?.kind;
    return kind === 'custom' || kind === 'local_shell';
  };

  const ev = (type: string, data: Record<string, unknown>): string => sseEvent({ type, sequence_number: seq++, ...data }, type);
  const start = (): string => {
    if (started) return '';
    started = true;
    const response = responseShell(id, model, createdAt, 'in_progress', [], undefined);
    return ev('response.created', { response }) + ev('response.in_progress', { response });
  };
  const itemJson = (it: Item, status: string): Record<string, unknown> => {
    if (it.kind === 'message')
      return {
        type: 'message',
        id: it.id,
        status,
        role: 'assistant',
        content: status === 'completed' ? [{ type: 'output_text', text: it.text, annotations: [] }] : [],
      };
    if (it.kind === 'reasoning') {
      const p: Extract<IRPart, { type: 'thinking' }> = {
        type: 'thinking',
        text: status === 'completed' ? it.text : '',
        ...(it.signature ? { signature: it.signature } : {}),
        ...(it.redacted ? { redacted: true } : {}),
      };
      return status === 'completed' ? reasoningItem(p, it.id) : { type: 'reasoning', id: it.id, summary: [] };
    }
    const item = callItem({ id: it.callId, name: it.name, arguments: status === 'completed' ? it.args : '' }, request?.tools, status, it.id);
    if (status !== 'completed' && item.type === 'function_call') item.arguments = '';
    return item;
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
      if (!it.redacted) {
        out += ev('response.reasoning_summary_text.done', { item_id: it.id, output_index, summary_index: 0, text: it.text });
        out += ev('response.reasoning_summary_part.done', { item_id: it.id, output_index, summary_index: 0, part: { type: 'summary_text', text: it.text } });
      }
    }
    const item = itemJson(it, 'completed');
    if (it.kind === 'call' && !it.whole)
      out += ev('response.function_call_arguments.done', { item_id: it.id, output_index, name: item.name, arguments: it.args });
    done.push(item);
    return out + ev('response.output_item.done', { output_index, item });
  };
  const openItem = (it: Item): string => {
    let out = close();
    open = it;
    const output_index = done.length;
    out += ev('response.output_item.added', { output_index, item: itemJson(it, 'in_progress') });
    if (it.kind === 'message')
      out += ev('response.content_part.added', { item_id: it.id, output_index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
    if (it.kind === 'reasoning' && !it.redacted)
      out += ev('response.reasoning_summary_part.added', { item_id: it.id, output_index, summary_index: 0, part: { type: 'summary_text', text: '' } });
    if (it.kind === 'call' && !it.whole && it.args) out += ev('response.function_call_arguments.delta', { item_id: it.id, output_index, delta: it.args });
    return out;
  };
  const flushQueued = (): string => {
    let out = '';
    while (queued.length) out += openItem(queued.shift()!) + close();
    return out;
  };

  return {
    push(e) {
      if (failed) return '';
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
          // A signed block is complete: more thinking is the next block.
          if (open?.kind !== 'reasoning' || open.signature || open.redacted)
            out += flushQueued() + openItem({ kind: 'reasoning', id: makeId('rs_'), text: '' });
          const it = open as Extract<Item, { kind: 'reasoning' }>;
          it.text += e.text;
          return out + ev('response.reasoning_summary_text.delta', { item_id: it.id, output_index: done.length, summary_index: 0, delta: e.text });
        }
        case 'thinking_signature':
          if (open?.kind === 'reasoning') open.signature = (open.signature ?? '') + e.signature;
          return '';
        case 'thinking_redacted':
          return start() + flushQueued() + openItem({ kind: 'reasoning', id: makeId('rs_'), text: e.data, redacted: true }) + close();
        case 'tool_start': {
          if (e.signature) signatures[e.id] = e.signature;
          const it: Extract<Item, { kind: 'call' }> = {
            kind: 'call',
            id: makeId('fc_'),
            tool: e.index,
            callId: e.id,
            name: e.name,
            args: '',
            whole: whole(e.name),
          };
          if (open?.kind === 'call' || queued.length) {
            queued.push(it);
            return start();
          }
          return start() + openItem(it);
        }
        case 'tool_args': {
          if (open?.kind === 'call' && open.tool === e.index) {
            open.args += e.delta;
            return open.whole ? '' : ev('response.function_call_arguments.delta', { item_id: open.id, output_index: done.length, delta: e.delta });
          }
          const q = queued.find((t) => t.tool === e.index);
          if (q) q.args += e.delta;
          return '';
        }
        case 'error': {
          // The terminal event: nothing may follow it (end() then writes nothing).
          failed = true;
          const out = start() + close() + flushQueued();
          const response = responseShell(id, model, createdAt, 'failed', done, totals.usage, undefined, { code: failureCode(e), message: e.message });
          return out + ev('response.failed', { response });
        }
        default:
          return '';
      }
    },
    end() {
      if (failed) return '';
      let out = start() + close() + flushQueued();
      if (Object.keys(signatures).length) {
        const item = signaturesItem(signatures);
        const output_index = done.length;
        done.push(item);
        out +=
          ev('response.output_item.added', { output_index, item: { ...item, encrypted_content: undefined } }) +
          ev('response.output_item.done', { output_index, item });
      }
      const status = finalStatus(totals.reason);
      const response = responseShell(id, model, createdAt, status, done, totals.finalUsage, totals.reason);
      return out + ev(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
    },
  };
}
