// Anthropic's error shape (https://docs.anthropic.com/en/api/errors): `{"type":"error","error":
// {type, message}}`, in a stream as `event: error`. 529 (overloaded) is Anthropic's own status;
// other clients get 503 for it. `code` carries the proxy's stable error code.
import type { ErrorShape } from '../types';
import { sseEvent } from '../../translate/sse';

const TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

export const anthropicErrors: ErrorShape = {
  body: (status, code, message) => ({ type: 'error', error: { type: TYPES[status] ?? 'api_error', message, code } }),
  streamEvent: (status, code, message) => sseEvent(anthropicErrors.body(status, code, message), 'error'),
  ownStatuses: [529],
};
