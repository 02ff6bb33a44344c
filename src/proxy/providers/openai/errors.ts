// OpenAI's error shape (https://platform.openai.com/docs/guides/error-codes): the body its SDKs
// parse, and in a stream a data event holding it (the SDKs raise on `{"error": ...}` chunks).
// `code` carries the proxy's stable error code.
import type { ErrorShape } from '../types';
import { sseEvent } from '../../translate/sse';

const TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
};

export const openaiErrors: ErrorShape = {
  body: (status, code, message) => ({
    error: { message, type: TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error'), param: null, code },
  }),
  streamEvent: (status, code, message) => sseEvent(openaiErrors.body(status, code, message)),
};
