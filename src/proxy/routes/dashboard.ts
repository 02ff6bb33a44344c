// The dashboard page served by the proxy itself, for CLI users (issue 15): the same page as the
// VS Code webview (dist/dashboard.js), fetching its data from this proxy. Loopback only, like every
// /_antigravity/ endpoint, and same-origin only (gate/hostOrigin.ts: no CORS, no other page may
// call these). `antigravity-proxy dashboard` asks POST .../token (with the proxy's key) for a
// one-time login URL; GET .../login trades it for a session cookie (usage/sessions.ts) and the
// page and its API take that cookie (or the key). The fixes the page offers in VS Code run VS Code
// commands; here the diagnosis' text says which command to run, so the page gets no buttons.
import fs from 'node:fs';
import path from 'node:path';
import { ProxyError } from '../errors';
import { sendJson } from '../respond';
import { ADMIN_PREFIX } from '../gate/admin';
import { renderCopyReport } from '../diagnose/render';
import type { DiagnosisReport, DiagnosticsSnapshot } from '../diagnose/types';
import { parsePageMessage, type DashboardState, type HostMessage } from '../usage/dashboard';
import { dashboardHtml } from '../usage/dashboardPage';
import { DashboardSessions, SESSION_TTL_MS } from '../usage/sessions';
import { dashboardState, diagnosisView } from '../usage/dashboardState';
import type { UsageStore } from '../usage/store';
import type { PoolStatus } from '../pool/registry';
import { diagnose } from '../diagnose/engine';
import { readJsonRequest } from './body';
import type { Handler, RouteContext, RouteRequest } from './context';

export const DASHBOARD_PATH = `${ADMIN_PREFIX}dashboard`;
const API = `${DASHBOARD_PATH}/api/`;

/** What the routes need from the server. */
export interface DashboardService {
  sessions: DashboardSessions;
  /** The folder holding dashboard.js and dashboard.css (the host's dist/); undefined: no page here. */
  assets: string | undefined;
  state(): DashboardState;
  /** Runs Diagnose 401 against this proxy (in-process snapshot, its own key). */
  diagnose(): Promise<DiagnosisReport>;
  /** The report the last diagnose() produced. */
  lastReport(): DiagnosisReport | undefined;
  /** The keys a copied report must never show. */
  secrets(): readonly string[];
}

/** What the service needs from the server. */
export interface DashboardDeps {
  assets: string | undefined;
  diagnostics(): DiagnosticsSnapshot;
  poolStatus(): PoolStatus;
  usage(): UsageStore | undefined;
  key(): string;
  secrets(): readonly string[];
}

export function createDashboardService(d: DashboardDeps): DashboardService {
  let last: DiagnosisReport | undefined;
  const base = (): string => `http://127.0.0.1:${d.diagnostics().port}`;
  return {
    sessions: new DashboardSessions(),
    assets: d.assets,
    state: () => dashboardState({ snapshot: d.diagnostics(), url: base(), pool: d.poolStatus(), usage: d.usage()?.query(), host: 'cli' }),
    async diagnose() {
      const s = d.diagnostics();
      last = await diagnose({
        baseUrl: base(),
        key: d.key(),
        config: { port: s.port, authMode: s.authMode, allowLanAccess: s.allowLanAccess },
        snapshot: () => d.diagnostics(),
        host: 'cli',
      });
      return last;
    },
    lastReport: () => last,
    secrets: d.secrets,
  };
}

/** Every answer of these routes: never cached, never framed, never a Referer (the login URL holds a token). */
const PRIVATE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' };

function service(ctx: RouteContext): DashboardService & { assets: string } {
  const d = ctx.dashboard;
  if (!d.assets) throw new ProxyError('dashboard_unavailable');
  return d as DashboardService & { assets: string };
}

function send(r: RouteRequest, type: string, body: string | Buffer, headers: Record<string, string> = {}): number {
  r.res.writeHead(200, { ...PRIVATE, ...headers, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  r.res.end(r.method === 'HEAD' ? undefined : body);
  return 200;
}

/** GET /_antigravity/dashboard: the page shell, under its Content-Security-Policy (also as a header). */
export const dashboardPage: Handler = (ctx, r) => {
  service(ctx);
  const page = dashboardHtml({
    scriptUri: `${DASHBOARD_PATH}/dashboard.js`,
    styleUri: `${DASHBOARD_PATH}/dashboard.css`,
    cspSource: "'self'",
    connectSrc: "'self'",
    api: API,
  });
  return send(r, 'text/html; charset=utf-8', page.html, { 'content-security-policy': `${page.csp}; frame-ancestors 'none'` });
};

/** GET .../dashboard.js and .../dashboard.css: the bundle, read once. */
export function dashboardAsset(file: 'dashboard.js' | 'dashboard.css'): Handler {
  let cached: { folder: string; bytes: Buffer } | undefined;
  const type = file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8';
  return (ctx, r) => {
    const { assets } = service(ctx);
    if (cached?.folder !== assets) {
      try {
        cached = { folder: assets, bytes: fs.readFileSync(path.join(assets, file)) };
      } catch {
        throw new ProxyError('dashboard_unavailable', `The dashboard's ${file} is missing from ${assets}; rebuild the proxy (npm run build).`);
      }
    }
    return send(r, type, cached.bytes);
  };
}

function sendMessage(r: RouteRequest, m: HostMessage): number {
  sendJson(r.res, m, PRIVATE);
  return 200;
}

export const dashboardApiState: Handler = (ctx, r) => sendMessage(r, { type: 'state', state: service(ctx).state() });

/** GET .../api/records?after=SEQ: the requests recorded since, newest first. */
export const dashboardApiRecords: Handler = (ctx, r) => {
  service(ctx);
  const after = Number(new URLSearchParams(r.search).get('after') ?? '0');
  if (!Number.isSafeInteger(after) || after < 0) throw new ProxyError('invalid_query', 'after must be a record number (0 or more).');
  return sendMessage(r, { type: 'records', records: ctx.usage()?.recentSince(after) ?? [] });
};

/** POST .../api/message: a page message, validated; the answer (if any) is a host message. */
export const dashboardApiMessage: Handler = async (ctx, r) => {
  const d = service(ctx);
  const { json } = await readJsonRequest(ctx, r);
  const m = parsePageMessage(json);
  if (!m) throw new ProxyError('invalid_input', 'This is not a dashboard message.');
  switch (m.type) {
    case 'ready':
      r.res.writeHead(204, PRIVATE).end();
      return 204;
    case 'diagnose':
      return sendMessage(r, { type: 'diagnosis', report: diagnosisView(await d.diagnose(), 'cli'), show: true });
    case 'copyReport': {
      const report = d.lastReport();
      if (!report) throw new ProxyError('invalid_input', 'There is no diagnosis to copy yet: run one first.');
      return sendMessage(r, { type: 'copy', text: renderCopyReport(report, d.secrets(), 'markdown') });
    }
    case 'action':
      throw new ProxyError('invalid_input', 'Fix buttons work in VS Code; here, run what the fix says.');
  }
};

/** POST .../token (admin: the proxy's key): a one-time login URL, valid for a minute. */
export const dashboardToken: Handler = (ctx, r) => {
  service(ctx);
  r.req.resume();
  const { token, expiresInSeconds } = ctx.dashboard.sessions.issueToken();
  sendJson(r.res, { path: `${DASHBOARD_PATH}/login?token=${token}`, expiresInSeconds, sessionSeconds: SESSION_TTL_MS / 1000 }, PRIVATE);
  return 200;
};

/** GET .../login?token=T: the token, spent, for a session cookie; then the page. */
export const dashboardLogin: Handler = (ctx, r) => {
  service(ctx);
  const session = ctx.dashboard.sessions.redeem(new URLSearchParams(r.search).get('token') ?? undefined);
  if (!session) throw new ProxyError('dashboard_login_invalid');
  r.res.writeHead(303, { ...PRIVATE, location: DASHBOARD_PATH, 'set-cookie': session.cookie, 'content-length': 0 });
  r.res.end();
  return 303;
};
