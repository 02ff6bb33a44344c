// A whole answer as stream events: for an upstream that answered a streaming request with plain
// JSON, so the client still gets the stream it asked for.
import type { IRResponse, IRStreamEvent } from './ir';

export function responseToEvents(r: IRResponse): IRStreamEvent[] {
  const out: IRStreamEvent[] = [{ type: 'start', id: r.id, model: r.model }];
  let tool = 0;
  for (const p of r.parts) {
    if (p.type === 'text') out.push({ type: 'text', text: p.text });
    else if (p.type === 'thinking') {
      out.push({ type: 'thinking', text: p.text });
      if (p.signature) out.push({ type: 'thinking_signature', signature: p.signature });
    } else if (p.type === 'tool_call') {
      const index = tool++;
      out.push({ type: 'tool_start', index, id: p.id, name: p.name }, { type: 'tool_args', index, delta: p.arguments });
    }
  }
  out.push({ type: 'usage', usage: r.usage }, { type: 'stop', reason: r.stopReason });
  return out;
}
