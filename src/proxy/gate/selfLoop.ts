// Two mistakes that environment defaults make easy (a shell set up for Claude Code or Codex has
// ANTHROPIC_BASE_URL / OPENAI_BASE_URL pointing at this proxy and ANTHROPIC_API_KEY holding the
// proxy's key), guarded here:
//  - an upstream that is the proxy itself: every outgoing request carries this process's hop id,
//    and a request that arrives with it is answered 508 Loop Detected at once instead of
//    forwarding itself until sockets run out;
//  - the proxy's own key configured as an upstream key: never sent (upstream/ownKey.ts).
import { randomBytes } from 'node:crypto';

export const HOP_HEADER = 'x-antigravity-hop';

/** Random per process, so a loop through this process is recognised and nothing else is. */
export const HOP_ID = randomBytes(8).toString('hex');

export const LOOP_MESSAGE =
  "This request came back to the proxy itself: an upstream's baseUrl points at this proxy. ANTHROPIC_BASE_URL, OPENAI_BASE_URL and GOOGLE_GEMINI_BASE_URL in the proxy's own environment are read as upstreams; give the proxy the provider's URL (or a config file) and keep the proxy's URL for clients.";
