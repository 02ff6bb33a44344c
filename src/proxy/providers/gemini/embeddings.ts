// OpenAI embeddings request/answer <-> Gemini batchEmbedContents
// (https://ai.google.dev/api/embeddings#method:-models.batchembedcontents), so OpenAI-compatible
// tools that index code (Continue, Cline) can embed with a Gemini upstream.
import { ProxyError } from '../../errors';
import { isRecord } from '../../translate/ir';

export function openaiEmbeddingsToGemini(body: Record<string, unknown>, model: string): Record<string, unknown> {
  const input = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input : undefined;
  if (!input || input.length === 0 || input.some((s) => typeof s !== 'string')) {
    throw new ProxyError('invalid_input', 'For a Gemini upstream, "input" must be a string or a list of strings (token arrays cannot be translated).');
  }
  const dims = typeof body.dimensions === 'number' ? body.dimensions : undefined;
  return {
    requests: (input as string[]).map((text) => ({
      model: `models/${model}`,
      content: { parts: [{ text }] },
      ...(dims ? { outputDimensionality: dims } : {}),
    })),
  };
}

export function geminiEmbeddingsToOpenai(answer: unknown, model: string, encoding: unknown): Record<string, unknown> {
  const list = isRecord(answer) && Array.isArray(answer.embeddings) ? answer.embeddings : [];
  const data = list.map((e, index) => {
    const values = isRecord(e) && Array.isArray(e.values) ? (e.values as number[]) : [];
    // The openai SDK asks for base64 (little-endian float32) by default and decodes it itself.
    const embedding = encoding === 'base64' ? Buffer.from(new Float32Array(values).buffer).toString('base64') : values;
    return { object: 'embedding', index, embedding };
  });
  return { object: 'list', data, model, usage: { prompt_tokens: 0, total_tokens: 0 } };
}
