// Which conversation a request belongs to, for upstreams with keySelection "sticky": the key a
// conversation used last is kept while it is healthy, so provider-side prompt caches (per account)
// keep hitting. Only what clients already send is read (CLIENTS.md); no id means plain round-robin.
import type { IncomingHttpHeaders } from 'node:http';

const HEADERS = ['x-conversation-id', 'conversation_id', 'x-session-id', 'session_id', 'session-id'] as const;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v.slice(0, 256) : undefined;
}

/**
 * The conversation id: a session/conversation header (Codex CLI sends session_id), else the body's
 * prompt_cache_key (OpenAI), metadata.user_id (Anthropic; Claude Code puts its session there) or
 * user (OpenAI's end-user id).
 */
export function conversationId(headers: IncomingHttpHeaders, body: Record<string, unknown> | undefined): string | undefined {
  for (const h of HEADERS) {
    const v = headers[h];
    const s = str(Array.isArray(v) ? v[0] : v);
    if (s) return s;
  }
  if (!body) return undefined;
  const meta = body.metadata;
  return (
    str(body.prompt_cache_key) ?? (typeof meta === 'object' && meta !== null ? str((meta as Record<string, unknown>).user_id) : undefined) ?? str(body.user)
  );
}
