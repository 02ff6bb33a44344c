// Google's Gemini API (generativelanguage.googleapis.com/v1beta): the upstream kind `gemini`
// (x-goog-api-key, the model and streaming in the URL, countTokens, batchEmbedContents) and the
// client protocol Gemini CLI and @google/genai speak.
import type { ClientProtocol, Provider } from '../types';
import { geminiRequestToIR, irToGeminiRequest } from './request';
import { geminiResponseToIR, irToGeminiResponse } from './response';
import { createGeminiStreamDecoder, createGeminiStreamEncoder } from './stream';
import { geminiModel, geminiModelIds, geminiModelList } from './models';
import { geminiCount, geminiCountBody, geminiCountRequest } from './tokens';
import { geminiEmbeddingsToOpenai, openaiEmbeddingsToGemini } from './embeddings';
import { geminiOutputLimit, repairGeminiRequest } from './repair';

const action = (model: string, method: string): string => `/models/${encodeURIComponent(model)}:${method}`;

export const geminiProvider: Provider = {
  kind: 'gemini',
  apiRoot: '/v1beta',
  authHeaders: (key) => ({ 'x-goog-api-key': key }),
  headers: {},
  paths: {
    generate: (model, stream) => (stream ? `${action(model, 'streamGenerateContent')}?alt=sse` : action(model, 'generateContent')),
    models: '/models?pageSize=1000',
  },
  keyCheck: { method: 'GET', path: '/models?pageSize=1' },
  modelIds: geminiModelIds,
  requestFromIR: (ir) => irToGeminiRequest(ir),
  outputLimit: geminiOutputLimit,
  repair: repairGeminiRequest,
  responseToIR: (body, model) => geminiResponseToIR(body, model),
  streamDecoder: (model) => createGeminiStreamDecoder(model),
  countTokens: { path: (model) => action(model, 'countTokens'), body: geminiCountBody, parse: geminiCount },
  embeddings: { path: (model) => action(model, 'batchEmbedContents'), request: openaiEmbeddingsToGemini, answer: geminiEmbeddingsToOpenai },
};

export const geminiGenerate: ClientProtocol = {
  name: 'gemini',
  label: 'Gemini',
  errors: 'gemini',
  native: 'gemini',
  passThroughPath: (model, stream) => action(model, stream ? 'streamGenerateContent' : 'generateContent'),
  requestToIR: (body, o) => geminiRequestToIR(body, o.model ?? '', o.stream === true),
  responseFromIR: (r) => irToGeminiResponse(r),
  streamEncoder: () => createGeminiStreamEncoder(),
  tokenCount: { request: geminiCountRequest, answer: (n) => ({ totalTokens: n }) },
  models: { list: (list) => geminiModelList(list), one: geminiModel },
};
