// Google's error shape (https://cloud.google.com/apis/design/errors): `{"error": {code, message,
// status, details}}` with the proxy's stable error code as an ErrorInfo reason; in a stream
// (alt=sse) a data event holding it.
import type { ErrorShape } from '../types';
import { sseEvent } from '../../translate/sse';

const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  413: 'INVALID_ARGUMENT',
  415: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export const geminiErrors: ErrorShape = {
  body: (status, code, message) => ({
    error: {
      code: status,
      message,
      status: STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION'),
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: code, domain: 'antigravity-proxy' }],
    },
  }),
  streamEvent: (status, code, message) => sseEvent(geminiErrors.body(status, code, message)),
};
