// OpenAI and every OpenAI-compatible server (OpenRouter, DeepSeek, Ollama, LM Studio, vLLM, ...):
// the upstream kind `openai`, and the two client protocols it defines, Chat Completions and the
// Responses API (inbound only: a Responses request to an OpenAI upstream is forwarded as it is,
// or translated to chat completions for a server without it: routes/generate.ts).
import type { ClientProtocol, Provider } from '../types';
import { irToOpenaiRequest, openaiRequestToIR } from './request';
import { irToOpenaiResponse, openaiResponseToIR } from './response';
import { createOpenaiStreamDecoder, createOpenaiStreamEncoder } from './stream';
import { openaiModel, openaiModelIds, openaiModelList } from './models';
import { responsesRequestToIR } from './responses/request';
import { irToResponsesResponse } from './responses/response';
import { createResponsesStreamEncoder } from './responses/stream';
import { openaiOutputLimit, repairOpenaiRequest } from './repair';

export const openaiProvider: Provider = {
  kind: 'openai',
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  headers: {},
  paths: {
    generate: () => '/chat/completions',
    models: '/models',
  },
  keyCheck: { method: 'GET', path: '/models' },
  modelIds: openaiModelIds,
  // api.openai.com wants max_completion_tokens (its reasoning models reject max_tokens); most
  // compatible servers read max_tokens, and DeepSeek wants the reasoning back.
  requestFromIR: (ir, hostname) => {
    const openai = hostname === 'api.openai.com';
    return irToOpenaiRequest(ir, { maxTokensField: openai ? 'max_completion_tokens' : 'max_tokens', reasoningContent: !openai });
  },
  outputLimit: openaiOutputLimit,
  repair: repairOpenaiRequest,
  responseToIR: (body) => openaiResponseToIR(body),
  streamDecoder: () => createOpenaiStreamDecoder(),
  embeddings: { path: () => '/embeddings' },
};

const models = { list: openaiModelList, one: openaiModel };

export const openaiChat: ClientProtocol = {
  name: 'openai',
  label: 'OpenAI',
  errors: 'openai',
  native: 'openai',
  passThroughPath: () => '/chat/completions',
  requestToIR: (body) => openaiRequestToIR(body),
  responseFromIR: (r) => irToOpenaiResponse(r),
  streamEncoder: (o) => createOpenaiStreamEncoder(o),
  models,
};

export const openaiResponses: ClientProtocol = {
  name: 'openai-responses',
  label: 'OpenAI Responses',
  errors: 'openai',
  native: 'openai',
  passThroughPath: () => '/responses',
  requestToIR: (body) => responsesRequestToIR(body),
  responseFromIR: (r, request) => irToResponsesResponse(r, request),
  streamEncoder: (o) => createResponsesStreamEncoder(undefined, o.request),
  models,
};
