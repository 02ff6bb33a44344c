// The one route table (STYLE.md 15): every path the proxy answers, with its method, the protocol
// its clients speak, its handler, and whether it is a model route (announced to the hosts) or an
// admin endpoint (gate/admin.ts). Dispatch, the 405 `Allow` header and the 404 text all read it;
// there is no other router. GET routes answer HEAD too.
import type { Protocol } from '../errors';
import type { Inbound } from '../providers/types';
import type { Handler } from './context';
import { createMatcher } from './match';
import { generate } from './generate';
import { handleCountTokens } from './countTokens';
import { handleEmbeddings } from './embeddings';
import { forwardAsIs } from './forward';
import { getModel, listModels } from './models';
import { health, eventLogging, warmUp } from './health';
import { WARM_UP_PATH } from '../gate/unauthorized';
import { diagnostics, poolStatus } from './admin';
import { usageQuery, usageReset } from './usage';
import {
  DASHBOARD_PATH,
  dashboardApiMessage,
  dashboardApiRecords,
  dashboardApiState,
  dashboardAsset,
  dashboardLogin,
  dashboardPage,
  dashboardToken,
} from './dashboard';
import { ADMIN_PREFIX } from '../gate/admin';

export interface Route {
  method: 'GET' | 'POST';
  /** Exact, case-sensitive; parameters as routes/match.ts describes. */
  path: string;
  /** What its clients speak: how the body is read and answered. */
  protocol: Inbound;
  handler: Handler;
  /** A model request: listed in the 404 text. */
  model?: true;
  /** false: the proxy's own traffic (health checks, telemetry), never a usage record (routes/record.ts). */
  usage?: false;
  /**
   * An admin endpoint: loopback peers only, with the proxy's key whatever authMode says.
   * 'key-unless-empty': with an empty proxy key (nothing to send) loopback peers get it without one.
   * 'session': the key, or a live dashboard session cookie (a browser cannot send the key).
   * 'login': no key; the route checks its one-time token (routes/dashboard.ts).
   */
  admin?: 'key' | 'key-unless-empty' | 'session' | 'login';
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/healthz', protocol: 'openai', handler: health, usage: false },
  { method: 'GET', path: '/health', protocol: 'openai', handler: health, usage: false },
  // OpenAI (and Anthropic's models list, chosen by the anthropic-version header).
  { method: 'GET', path: '/v1/models', protocol: 'openai', handler: listModels },
  { method: 'GET', path: '/v1/models/{id+}', protocol: 'openai', handler: getModel },
  { method: 'POST', path: '/v1/chat/completions', protocol: 'openai', handler: generate(), model: true },
  { method: 'POST', path: '/v1/responses', protocol: 'openai-responses', handler: generate(), model: true },
  { method: 'POST', path: '/v1/completions', protocol: 'openai', handler: forwardAsIs('/completions'), model: true },
  { method: 'POST', path: '/v1/embeddings', protocol: 'openai', handler: handleEmbeddings, model: true },
  // Anthropic.
  { method: 'POST', path: '/v1/messages', protocol: 'anthropic', handler: generate(), model: true },
  { method: 'POST', path: '/v1/messages/count_tokens', protocol: 'anthropic', handler: handleCountTokens, model: true },
  // Claude Code's telemetry: accepted and dropped.
  { method: 'POST', path: '/api/event_logging/batch', protocol: 'anthropic', handler: eventLogging, usage: false },
  // Claude Code's connection warm-up at start-up (HEAD, no key): keyless it is a probe, not a failing client (gate/unauthorized.ts).
  { method: 'GET', path: WARM_UP_PATH, protocol: 'anthropic', handler: warmUp, usage: false },
  // Gemini: the model (and streaming) in the URL.
  { method: 'GET', path: '/v1beta/models', protocol: 'gemini', handler: listModels },
  { method: 'GET', path: '/v1beta/models/{model}', protocol: 'gemini', handler: getModel },
  { method: 'POST', path: '/v1beta/models/{model}:generateContent', protocol: 'gemini', handler: generate({ stream: false }), model: true },
  { method: 'POST', path: '/v1beta/models/{model}:streamGenerateContent', protocol: 'gemini', handler: generate({ stream: true }), model: true },
  { method: 'POST', path: '/v1beta/models/{model}:countTokens', protocol: 'gemini', handler: handleCountTokens, model: true },
  // Any other Gemini method (:embedContent, :batchEmbedContents, ...), forwarded to Gemini upstreams.
  { method: 'POST', path: '/v1beta/models/{model}:{method:word}', protocol: 'gemini', handler: forwardAsIs('/models/{model}:{method}'), model: true },
  // Admin (loopback only, the proxy key always).
  { method: 'GET', path: `${ADMIN_PREFIX}status`, protocol: 'openai', handler: poolStatus, admin: 'key' },
  { method: 'GET', path: `${ADMIN_PREFIX}diagnostics`, protocol: 'openai', handler: diagnostics, admin: 'key-unless-empty' },
  { method: 'GET', path: `${ADMIN_PREFIX}usage`, protocol: 'openai', handler: usageQuery, admin: 'key' },
  { method: 'POST', path: `${ADMIN_PREFIX}usage/reset`, protocol: 'openai', handler: usageReset, admin: 'key' },
  // The dashboard page for CLI users (issue 15): a browser has its session cookie, not the key.
  { method: 'POST', path: `${DASHBOARD_PATH}/token`, protocol: 'openai', handler: dashboardToken, admin: 'key-unless-empty' },
  { method: 'GET', path: `${DASHBOARD_PATH}/login`, protocol: 'openai', handler: dashboardLogin, admin: 'login' },
  { method: 'GET', path: DASHBOARD_PATH, protocol: 'openai', handler: dashboardPage, admin: 'session' },
  { method: 'GET', path: `${DASHBOARD_PATH}/dashboard.js`, protocol: 'openai', handler: dashboardAsset('dashboard.js'), admin: 'session' },
  { method: 'GET', path: `${DASHBOARD_PATH}/dashboard.css`, protocol: 'openai', handler: dashboardAsset('dashboard.css'), admin: 'session' },
  { method: 'GET', path: `${DASHBOARD_PATH}/api/state`, protocol: 'openai', handler: dashboardApiState, admin: 'session' },
  { method: 'GET', path: `${DASHBOARD_PATH}/api/records`, protocol: 'openai', handler: dashboardApiRecords, admin: 'session' },
  { method: 'POST', path: `${DASHBOARD_PATH}/api/message`, protocol: 'openai', handler: dashboardApiMessage, admin: 'session' },
];

export const matchRoute = createMatcher(ROUTES);

/**
 * Which protocol's error shape a request expects, from its path and headers: Gemini lives under
 * /v1beta, the Anthropic Messages API under /v1/messages (or any request carrying
 * `anthropic-version`), the rest is OpenAI. Asked before a route is known (the gate's refusals).
 */
export function detectProtocol(path: string, headers: Record<string, string | string[] | undefined>): Protocol {
  if (path.startsWith('/v1beta/') || path === '/v1beta') return 'gemini';
  if (path.startsWith('/v1/messages') || headers['anthropic-version'] !== undefined) return 'anthropic';
  return 'openai';
}

/** The 404 text: what this proxy does answer, from the table. */
export function notFoundMessage(method: string, path: string): string {
  const post = ROUTES.filter((r) => r.model).map((r) => r.path);
  const get = ROUTES.filter((r) => r.method === 'GET' && !r.admin && !r.path.includes('{')).map((r) => r.path);
  return `This proxy has no route ${method} ${path.slice(0, 200)}. Model routes: POST ${post.join(', ')}; GET ${get.join(', ')}.`;
}
