// Every protocol's transforms, looked up by protocol: a request in protocol A to an upstream of
// kind B is A.requestToIR then B.requestFromIR; answers go back the other way.
import type { Protocol } from '../errors';
import type { IRRequest, IRResponse, StreamDecoder, StreamEncoder } from '../translate/ir';
import { irToOpenaiRequest, openaiRequestToIR } from './openai/request';
import { irToOpenaiResponse, openaiResponseToIR } from './openai/response';
import { createOpenaiStreamDecoder, createOpenaiStreamEncoder } from './openai/stream';
import { anthropicRequestToIR, irToAnthropicRequest } from './anthropic/request';
import { anthropicResponseToIR, irToAnthropicResponse } from './anthropic/response';
import { createAnthropicStreamDecoder, createAnthropicStreamEncoder } from './anthropic/stream';
import { geminiRequestToIR, irToGeminiRequest } from './gemini/request';
import { geminiResponseToIR, irToGeminiResponse } from './gemini/response';
import { createGeminiStreamDecoder, createGeminiStreamEncoder } from './gemini/stream';
import { responsesRequestToIR } from './openai/responses/request';
import { irToResponsesResponse } from './openai/responses/response';
import { createResponsesStreamEncoder } from './openai/responses/stream';

/** What a client speaks: a protocol, or OpenAI's Responses API (inbound only; errors in OpenAI's shape). */
export type Inbound = Protocol | 'openai-responses';

export interface InboundOptions {
  /** Gemini: the model and streaming come from the URL. */
  model?: string;
  stream?: boolean;
}

export function requestToIR(p: Inbound, body: Record<string, unknown>, o: InboundOptions = {}): IRRequest {
  if (p === 'anthropic') return anthropicRequestToIR(body);
  if (p === 'gemini') return geminiRequestToIR(body, o.model ?? '', o.stream === true);
  if (p === 'openai-responses') return responsesRequestToIR(body);
  return openaiRequestToIR(body);
}

export function responseFromIR(p: Inbound, r: IRResponse): Record<string, unknown> {
  if (p === 'anthropic') return irToAnthropicResponse(r);
  if (p === 'openai-responses') return irToResponsesResponse(r);
  if (p === 'gemini') return irToGeminiResponse(r);
  return irToOpenaiResponse(r);
}

export function streamEncoder(p: Inbound, o: { includeUsage: boolean }): StreamEncoder {
  if (p === 'anthropic') return createAnthropicStreamEncoder();
  if (p === 'openai-responses') return createResponsesStreamEncoder();
  if (p === 'gemini') return createGeminiStreamEncoder();
  return createOpenaiStreamEncoder(o);
}

export interface UpstreamRequest {
  /** Path below the upstream's base URL, query included. */
  subPath: string;
  body: Record<string, unknown>;
}

/** The upstream call for an IR request, by upstream kind. */
export function upstreamRequest(kind: Protocol, ir: IRRequest, hostname: string): UpstreamRequest {
  if (kind === 'anthropic') return { subPath: '/messages', body: irToAnthropicRequest(ir) };
  if (kind === 'gemini') {
    const m = encodeURIComponent(ir.model);
    return { subPath: ir.stream ? `/models/${m}:streamGenerateContent?alt=sse` : `/models/${m}:generateContent`, body: irToGeminiRequest(ir) };
  }
  return { subPath: '/chat/completions', body: irToOpenaiRequest(ir, { maxTokensField: hostname === 'api.openai.com' ? 'max_completion_tokens' : 'max_tokens' }) };
}

export function responseToIR(kind: Protocol, body: unknown, model: string): IRResponse {
  if (kind === 'anthropic') return anthropicResponseToIR(body);
  if (kind === 'gemini') return geminiResponseToIR(body, model);
  return openaiResponseToIR(body);
}

export function streamDecoder(kind: Protocol, model: string): StreamDecoder {
  if (kind === 'anthropic') return createAnthropicStreamDecoder();
  if (kind === 'gemini') return createGeminiStreamDecoder(model);
  return createOpenaiStreamDecoder();
}
