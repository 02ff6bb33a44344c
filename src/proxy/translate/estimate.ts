// The token-count estimate used when the upstream cannot count (OpenAI-compatible servers have no
// count endpoint). Claude Code calls count_tokens dozens of times at start-up and breaks on a
// 404/501 (LiteLLM #13252, CLIProxyAPI #4410), so an estimate beats an error. About 4 characters
// of text per token (the usual rule of thumb for English and code with BPE tokenizers), plus 4
// tokens of framing per message and 1,600 per image (Anthropic's figure for a ~1.15 megapixel
// image).
import type { IRRequest } from './ir';

export function estimateTokens(ir: IRRequest): number {
  let chars = ir.system?.length ?? 0;
  let tokens = 0;
  for (const m of ir.messages) {
    tokens += 4;
    for (const p of m.parts) {
      if (p.type === 'text' || p.type === 'thinking') chars += p.text.length;
      else if (p.type === 'tool_call') chars += p.name.length + p.arguments.length;
      else if (p.type === 'tool_result') chars += p.content.length;
      else if (p.type === 'image') tokens += 1600;
    }
  }
  for (const t of ir.tools ?? []) chars += t.name.length + (t.description?.length ?? 0) + JSON.stringify(t.parameters).length;
  return tokens + Math.ceil(chars / 4);
}
