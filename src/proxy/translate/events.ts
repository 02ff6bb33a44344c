// Whole answers and stream events, both ways: an upstream that answered a streaming request with
// plain JSON still gives the client the stream it asked for, and a source that only streams still
// gives a client that did not ask for a stream its whole answer.
import { mergeUsage, type IRPart, type IRResponse, type IRStopReason, type IRStreamEvent, type IRUsage } from './ir';

export function responseToEvents(r: IRResponse): IRStreamEvent[] {
  const out: IRStreamEvent[] = [{ type: 'start', id: r.id, model: r.model }];
  let tool = 0;
  for (const p of r.parts) {
    if (p.type === 'text') out.push({ type: 'text', text: p.text });
    else if (p.type === 'thinking' && p.redacted) out.push({ type: 'thinking_redacted', data: p.text });
    else if (p.type === 'thinking') {
      out.push({ type: 'thinking', text: p.text });
      if (p.signature) out.push({ type: 'thinking_signature', signature: p.signature });
    } else if (p.type === 'tool_call') {
      const index = tool++;
      out.push(
        { type: 'tool_start', index, id: p.id, name: p.name, ...(p.signature ? { signature: p.signature } : {}) },
        { type: 'tool_args', index, delta: p.arguments },
      );
    }
  }
  out.push({ type: 'usage', usage: r.usage }, { type: 'stop', reason: r.stopReason });
  return out;
}

/**
 * The other way: stream events collected into a whole answer, for a client that did not ask for
 * a stream from a source that only streams (an in-process provider). Tool calls are keyed by their
 * index, their argument deltas concatenated in order; an error event ends the answer (returned).
 */
export function eventsToResponse(events: readonly IRStreamEvent[], fallbackId: string, model: string): IRResponse | Extract<IRStreamEvent, { type: 'error' }> {
  let id = fallbackId;
  const parts: IRPart[] = [];
  const tools = new Map<number, Extract<IRPart, { type: 'tool_call' }>>();
  let usage: IRUsage | undefined;
  let stop: IRStopReason | undefined;
  const last = (): IRPart | undefined => parts[parts.length - 1];
  for (const e of events) {
    switch (e.type) {
      case 'start':
        if (e.id) id = e.id;
        if (e.usage) usage = mergeUsage(usage, e.usage);
        break;
      case 'text': {
        const p = last();
        if (p?.type === 'text') p.text += e.text;
        else parts.push({ type: 'text', text: e.text });
        break;
      }
      case 'thinking': {
        const p = last();
        // A signed or redacted block is closed: new thinking is a new block.
        if (p?.type === 'thinking' && !p.redacted && !p.signature) p.text += e.text;
        else parts.push({ type: 'thinking', text: e.text });
        break;
      }
      case 'thinking_signature': {
        const p = last();
        if (p?.type === 'thinking') p.signature = e.signature;
        break;
      }
      case 'thinking_redacted':
        parts.push({ type: 'thinking', text: e.data, redacted: true });
        break;
      case 'tool_start': {
        const call: Extract<IRPart, { type: 'tool_call' }> = {
          type: 'tool_call',
          id: e.id,
          name: e.name,
          arguments: '',
          ...(e.signature ? { signature: e.signature } : {}),
        };
        tools.set(e.index, call);
        parts.push(call);
        break;
      }
      case 'tool_args': {
        const call = tools.get(e.index);
        if (call) call.arguments += e.delta;
        break;
      }
      case 'usage':
        usage = mergeUsage(usage, e.usage);
        break;
      case 'stop':
        stop = e.reason;
        break;
      case 'error':
        return e;
    }
  }
  return { id, model, parts, stopReason: stop ?? (tools.size ? 'tool_use' : 'end'), usage: usage ?? { inputTokens: 0, outputTokens: 0 } };
}
