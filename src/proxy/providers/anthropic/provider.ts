// Anthropic's Messages API: the upstream kind `anthropic` (x-api-key, a required API version
// header, its own count_tokens) and the client protocol Claude Code and the Anthropic SDKs speak.
import type { ClientProtocol, Provider } from '../types';
import { anthropicRequestToIR, irToAnthropicRequest } from './request';
import { anthropicResponseToIR, irToAnthropicResponse } from './response';
import { createAnthropicStreamDecoder, createAnthropicStreamEncoder } from './stream';
import { anthropicModel, anthropicModelIds, anthropicModelList } from './models';
import { anthropicCount, anthropicCountBody } from './tokens';
import { anthropicOutputLimit, repairAnthropicRequest } from './repair';

/** Anthropic requires a version header; 2023-06-01 is the current (and only GA) one. */
export const ANTHROPIC_VERSION = '2023-06-01';

export const anthropicProvider: Provider = {
  kind: 'anthropic',
  apiRoot: '/v1',
  authHeaders: (key) => ({ 'x-api-key': key }),
  headers: { 'anthropic-version': ANTHROPIC_VERSION },
  paths: {
    generate: () => '/messages',
    models: '/models',
  },
  keyCheck: { method: 'GET', path: '/models?limit=1' },
  modelIds: anthropicModelIds,
  requestFromIR: (ir) => irToAnthropicRequest(ir),
  outputLimit: anthropicOutputLimit,
  repair: repairAnthropicRequest,
  responseToIR: (body) => anthropicResponseToIR(body),
  streamDecoder: () => createAnthropicStreamDecoder(),
  countTokens: { path: () => '/messages/count_tokens', body: anthropicCountBody, parse: anthropicCount },
};

export const anthropicMessages: ClientProtocol = {
  name: 'anthropic',
  label: 'Anthropic',
  errors: 'anthropic',
  native: 'anthropic',
  passThroughPath: () => '/messages',
  requestToIR: (body) => anthropicRequestToIR(body),
  responseFromIR: (r) => irToAnthropicResponse(r),
  streamEncoder: () => createAnthropicStreamEncoder(),
  tokenCount: { request: (body) => body, answer: (n) => ({ input_tokens: n }) },
  models: { list: anthropicModelList, one: anthropicModel },
};
