// Anthropic Messages streams <-> IR stream events
// (https://docs.anthropic.com/en/docs/build-with-claude/streaming). The encoder opens and closes
// every content block in order, so no client sees a delta for a block it was never told about
// ("Content block not found", LiteLLM #13373).
import { isRecord, makeId, type IRStreamEvent, type StreamDecoder, type StreamEncoder, parseEventObject, StreamTotals } from '../../translate/ir';
import { sseEvent } from '../../translate/sse';
import { anthropicErrors } from './errors';
import { anthropicStopToIR, anthropicUsageToIR, irStopToAnthropic, irUsageToAnthropic } from './response';

export function createAnthropicStreamDecoder(): StreamDecoder {
  // Anthropic block index -> our tool index.
  const toolIndex = new Map<number, number>();
  let tools = 0;
  return {
    push(event, data) {
      const ev = parseEventObject(data);
      if (!ev) return [];
      const type = typeof ev.type === 'string' ? ev.type : event;
      switch (type) {
        case 'message_start': {
          const m = isRecord(ev.message) ? ev.message : {};
          return [{ type: 'start', id: String(m.id ?? makeId('msg_')), model: String(m.model ?? ''), usage: anthropicUsageToIR(m.usage) }];
        }
        case 'content_block_start': {
          const b = isRecord(ev.content_block) ? ev.content_block : {};
          const index = typeof ev.index === 'number' ? ev.index : -1;
          if (b.type === 'tool_use') {
            const ti = tools++;
            toolIndex.set(index, ti);
            const out: IRStreamEvent[] = [{ type: 'tool_start', index: ti, id: String(b.id ?? makeId('toolu_')), name: String(b.name ?? '') }];
            // Normally {} with the arguments in input_json_delta events; some servers send it whole.
            if (isRecord(b.input) && Object.keys(b.input).length) out.push({ type: 'tool_args', index: ti, delta: JSON.stringify(b.input) });
            return out;
          }
          if (b.type === 'text' && typeof b.text === 'string' && b.text) return [{ type: 'text', text: b.text }];
          if (b.type === 'thinking' && typeof b.thinking === 'string' && b.thinking) return [{ type: 'thinking', text: b.thinking }];
          if (b.type === 'redacted_thinking' && typeof b.data === 'string') return [{ type: 'thinking_redacted', data: b.data }];
          return [];
        }
        case 'content_block_delta': {
          const d = isRecord(ev.delta) ? ev.delta : {};
          if (d.type === 'text_delta') return [{ type: 'text', text: String(d.text ?? '') }];
          if (d.type === 'thinking_delta') return [{ type: 'thinking', text: String(d.thinking ?? '') }];
          if (d.type === 'signature_delta') return [{ type: 'thinking_signature', signature: String(d.signature ?? '') }];
          if (d.type === 'input_json_delta') {
            const ti = toolIndex.get(typeof ev.index === 'number' ? ev.index : -1);
            return ti === undefined || !d.partial_json ? [] : [{ type: 'tool_args', index: ti, delta: String(d.partial_json) }];
          }
          return [];
        }
        case 'message_delta': {
          const out: IRStreamEvent[] = [];
          const d = isRecord(ev.delta) ? ev.delta : {};
          const usage = anthropicUsageToIR(ev.usage);
          if (usage) out.push({ type: 'usage', usage });
          if (typeof d.stop_reason === 'string') out.push({ type: 'stop', reason: anthropicStopToIR(d.stop_reason) });
          return out;
        }
        case 'error': {
          const e = isRecord(ev.error) ? ev.error : {};
          return [{ type: 'error', status: e.type === 'overloaded_error' ? 529 : 500, message: String(e.message ?? 'upstream error') }];
        }
        default:
          return [];
      }
    },
  };
}

type Open = { kind: 'text' } | { kind: 'thinking' } | { kind: 'redacted' } | { kind: 'tool'; tool: number } | undefined;

export function createAnthropicStreamEncoder(): StreamEncoder {
  let started = false;
  let id = makeId('msg_');
  let model = '';
  const totals = new StreamTotals();
  let block = -1;
  let open: Open;
  let sawTool = false;
  // A tool call that starts while another block is open waits here whole, because Anthropic
  // blocks cannot interleave; its arguments are sent when it gets its turn.
  const queued: Array<{ index: number; id: string; name: string; args: string }> = [];

  const start = (): string => {
    if (started) return '';
    started = true;
    return sseEvent(
      {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: irUsageToAnthropic(totals.finalUsage),
        },
      },
      'message_start',
    );
  };
  const close = (): string => {
    if (!open) return '';
    open = undefined;
    return sseEvent({ type: 'content_block_stop', index: block }, 'content_block_stop');
  };
  const openBlock = (o: NonNullable<Open>, contentBlock: Record<string, unknown>): string => {
    const out = close();
    block++;
    open = o;
    return out + sseEvent({ type: 'content_block_start', index: block, content_block: contentBlock }, 'content_block_start');
  };
  const delta = (d: Record<string, unknown>): string => sseEvent({ type: 'content_block_delta', index: block, delta: d }, 'content_block_delta');
  const toolBlock = (t: { index: number; id: string; name: string; args: string }): string => {
    let out = openBlock({ kind: 'tool', tool: t.index }, { type: 'tool_use', id: t.id, name: t.name, input: {} });
    if (t.args) out += delta({ type: 'input_json_delta', partial_json: t.args });
    return out;
  };
  const flushQueued = (): string => {
    let out = '';
    while (queued.length) out += toolBlock(queued.shift()!) + close();
    return out;
  };

  return {
    push(e) {
      if (totals.take(e)) return '';
      switch (e.type) {
        case 'start':
          if (!started) {
            id = e.id.startsWith('msg_') ? e.id : `msg_${e.id}`;
            model = e.model;
            if (e.usage) totals.usage = e.usage;
          }
          return start();
        case 'text':
          if (!e.text) return start();
          if (open?.kind === 'text') return delta({ type: 'text_delta', text: e.text });
          return start() + flushQueued() + openBlock({ kind: 'text' }, { type: 'text', text: '' }) + delta({ type: 'text_delta', text: e.text });
        case 'thinking':
          if (open?.kind === 'thinking') return delta({ type: 'thinking_delta', thinking: e.text });
          return (
            start() +
            flushQueued() +
            openBlock({ kind: 'thinking' }, { type: 'thinking', thinking: '', signature: '' }) +
            delta({ type: 'thinking_delta', thinking: e.text })
          );
        case 'thinking_signature':
          return open?.kind === 'thinking' ? delta({ type: 'signature_delta', signature: e.signature }) : '';
        case 'thinking_redacted':
          return start() + flushQueued() + openBlock({ kind: 'redacted' }, { type: 'redacted_thinking', data: e.data }) + close();
        case 'tool_start': {
          sawTool = true;
          const t = { index: e.index, id: e.id, name: e.name, args: '' };
          if (open?.kind === 'tool' || queued.length) {
            queued.push(t);
            return start();
          }
          return start() + toolBlock(t);
        }
        case 'tool_args': {
          if (open?.kind === 'tool' && open.tool === e.index) return delta({ type: 'input_json_delta', partial_json: e.delta });
          const q = queued.find((t) => t.index === e.index);
          if (q) q.args += e.delta;
          return '';
        }
        case 'error':
          return anthropicErrors.streamEvent(e.status, e.code ?? 'upstream_error', e.message);
        default:
          return '';
      }
    },
    end() {
      let out = start() + close() + flushQueued();
      const r = totals.reason ?? (sawTool ? 'tool_use' : 'end');
      out += sseEvent(
        { type: 'message_delta', delta: { stop_reason: irStopToAnthropic(r), stop_sequence: null }, usage: irUsageToAnthropic(totals.finalUsage) },
        'message_delta',
      );
      return out + sseEvent({ type: 'message_stop' }, 'message_stop');
    },
  };
}
