// A stub data source for the dashboard's browser tests: realistic state (a week of rollups, recent
// requests of several clients, a key pool with a cooling and a rejected key, 401s by reason) built
// with the core's own record builder, and a loopback server that serves the page shell, the bundle
// and the fetch adapter's API from it.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { DashboardState, DiagnosisView, HostMessage } from '../../src/proxy/usage/dashboard';
import { dashboardHtml } from '../../src/proxy/usage/dashboardPage';
import { buildRecord, type RecordInput, type UsageRecord } from '../../src/proxy/usage/record';
import { UsageData } from '../../src/proxy/usage/rollup';
import { ROOT } from '../cliHarness';

const CLIENTS: Array<[string, RecordInput['protocol'], string, string]> = [
  ['claude-cli/2.1.114 (external, cli)', 'anthropic', '/v1/messages?beta=true', 'claude-sonnet-4-5'],
  ['codex_cli_rs/0.46.0 (Mac OS 15.6.1; arm64) iTerm.app/3.6.2', 'openai', '/v1/responses', 'gpt-5'],
  ['GeminiCLI/0.61.0 (linux; x64)', 'gemini', '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse', 'gemini-2.5-pro'],
  ['OpenAI/JS 6.49.0', 'openai', '/v1/chat/completions', 'gpt-4o-mini'],
];

export function stubRecord(seq: number, time: number, over: Partial<RecordInput> = {}): UsageRecord {
  const [ua, protocol, p, model] = CLIENTS[seq % CLIENTS.length];
  const status = seq % 11 === 0 ? 401 : seq % 13 === 0 ? 429 : 200;
  return buildRecord(seq, {
    time,
    userAgent: ua,
    protocol,
    path: p,
    model,
    upstream: protocol === 'anthropic' ? 'claude' : protocol,
    keyLabel: seq % 2 ? 'work' : '…WXYZ',
    status,
    reason: status === 401 ? 'invalid_key' : status === 429 ? 'rate_limited' : undefined,
    ttfbMs: 200 + (seq % 7) * 90,
    durationMs: 900 + (seq % 9) * 700,
    inputTokens: status === 200 ? 800 + seq * 13 : undefined,
    outputTokens: status === 200 ? 40 + seq : undefined,
    streamed: seq % 3 !== 0,
    ...over,
  });
}

export function stubState(now = Date.now()): DashboardState {
  const data = new UsageData();
  let seq = 1;
  for (let d = 6; d >= 0; d--) for (let i = 0; i < 5 + d * 3; i++) data.add(stubRecord(seq++, now - d * 86_400_000 - (60 - i) * 55_000));
  const usage = data.summary();
  return {
    now,
    auth: {
      mode: 'all_except_health',
      reason: 'authMode "auto" with LAN access on: every request needs the key except GET /healthz.',
      lan: true,
      keyEmpty: false,
      url: 'http://127.0.0.1:8045',
    },
    usage,
    recent: data.recent(),
    pool: {
      time: new Date(now).toISOString(),
      upstreams: [
        {
          name: 'openai',
          kind: 'openai',
          keySelection: 'round-robin',
          fallback: ['openrouter'],
          available: 1,
          nextRecovery: new Date(now + 95_000).toISOString(),
          keys: [
            {
              label: 'work',
              state: 'cooling',
              reason: 'rate_limited',
              until: new Date(now + 95_000).toISOString(),
              retryInSeconds: 95,
              served: 120,
              rateLimited: 3,
              failures: 0,
              lastError: { time: new Date(now - 5000).toISOString(), status: 429, message: 'HTTP 429, Retry-After' },
            },
            {
              label: '…WXYZ',
              state: 'invalid',
              reason: 'rejected',
              served: 0,
              rateLimited: 0,
              failures: 1,
              lastError: { time: new Date(now - 60_000).toISOString(), status: 401, message: 'rejected by the upstream (HTTP 401)' },
            },
            { label: 'OPENAI_API_KEY_2', state: 'healthy', served: 342, rateLimited: 0, failures: 0 },
          ],
        },
        {
          name: 'claude',
          kind: 'anthropic',
          keySelection: 'sticky',
          fallback: [],
          available: 1,
          keys: [{ label: 'ANTHROPIC_API_KEY', state: 'healthy', served: 97, rateLimited: 0, failures: 0 }],
        },
      ],
    },
    rejections: [
      {
        reason: 'malformed_bearer',
        count: 4,
        last: new Date(now - 30_000).toISOString(),
        title: '4 requests sent "Authorization: Bearer<key>" without the space',
        detail: 'Clients: curl/8.5.0 from 127.0.0.1 (GET /v1/models).',
        fix: 'Send "Authorization: Bearer <proxy key>" with one space.',
        actions: ['copyKey'],
      },
      {
        reason: 'stale_key',
        count: 2,
        last: new Date(now - 600_000).toISOString(),
        title: 'A client still sends the key from before the last regeneration',
        detail: 'Clients: claude-cli/2.1.114 (external, cli).',
        fix: 'Give the client the current key.',
        actions: ['copyKey', 'regenerateKey'],
      },
    ],
  };
}

/** A Diagnose 401 report as the Diagnosis view gets it: passes, a warning, a failure with fixes. */
export function stubDiagnosis(now = Date.now(), title = "A client sends a key that is not the proxy's key (3 request(s) from 1 client(s))"): DiagnosisView {
  return {
    url: 'http://127.0.0.1:8045',
    effectiveAuthMode: 'strict',
    effectiveAuthReason: 'authMode is "strict"',
    generatedAt: new Date(now).toISOString(),
    summary: { pass: 3, warn: 1, fail: 1, text: `1 problem(s) found. First: ${title}. Fix: Give the client the proxy key.` },
    findings: [
      {
        code: 'proxy_reachable',
        status: 'pass',
        title: 'The proxy answers at http://127.0.0.1:8045',
        detail: 'GET /healthz answered 200.',
        fix: '',
        actions: [],
      },
      { code: 'auth_mode', status: 'pass', title: 'Effective auth mode: strict', detail: 'authMode is "strict".', fix: '', actions: [] },
      {
        code: 'probe_authorization',
        status: 'pass',
        title: 'GET /v1/models with `Authorization: Bearer <key>` is accepted',
        detail: 'HTTP 200.',
        fix: '',
        actions: [],
      },
      {
        code: 'recent_rejections',
        status: 'warn',
        title: 'The proxy rejected 3 request(s) (invalid_key)',
        detail: 'Last at 12:00. One finding per reason follows.',
        fix: '',
        actions: [],
      },
      {
        code: 'invalid_key',
        status: 'fail',
        title,
        detail: '127.0.0.1 "curl/8.5.0" GET /v1/models, credentials sent: authorization; 3x',
        fix: 'Give the client the proxy key: copy it with "Antigravity: Copy API Key" and send it as `Authorization: Bearer <proxy key>`.',
        actions: ['copyKey'],
      },
    ],
  };
}

export interface StubServer {
  url: string;
  /** What the fetch adapter's GET /api/records returns next. */
  records: UsageRecord[];
  state: DashboardState;
  /** Every page message POSTed to /api/message. */
  actions: unknown[];
  /** What the API answers to a page message (default: nothing, 204). */
  answer: (m: { type: string }) => HostMessage | undefined;
}

const MIME: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css' };

/** Serves /webview.html and /served.html (the page shell under its CSP; ?lang= adds a translation bundle), dist/dashboard.*, and /api/. */
export async function startStubServer(t: TestContext, state: DashboardState): Promise<StubServer> {
  const stub: StubServer = { url: '', records: [], state, actions: [], answer: () => undefined };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    if (url.pathname === '/webview.html' || url.pathname === '/served.html') {
      const served = url.pathname === '/served.html';
      // ?lang=zh-cn: the page shell with VS Code's Chinese bundle, as the extension hands it over.
      const lang = url.searchParams.get('lang') ?? undefined;
      const l10n = lang ? (JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', `bundle.l10n.${lang}.json`), 'utf8')) as Record<string, unknown>) : undefined;
      const page = dashboardHtml({
        scriptUri: '/dashboard.js',
        styleUri: '/dashboard.css',
        cspSource: "'self'",
        connectSrc: served ? "'self'" : undefined,
        api: served ? '/api/' : undefined,
        lang,
        l10n,
      });
      return send(200, 'text/html; charset=utf-8', page.html, { 'content-security-policy': page.csp });
    }
    if (url.pathname === '/dashboard.js' || url.pathname === '/dashboard.css') {
      return send(200, MIME[path.extname(url.pathname)], fs.readFileSync(path.join(ROOT, 'dist', url.pathname)));
    }
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (url.pathname === '/api/state') return send(200, 'application/json', JSON.stringify({ type: 'state', state: stub.state } satisfies HostMessage));
    if (url.pathname === '/api/records') {
      const after = Number(url.searchParams.get('after') ?? 0);
      return send(200, 'application/json', JSON.stringify({ type: 'records', records: stub.records.filter((r) => r.seq > after) } satisfies HostMessage));
    }
    if (url.pathname === '/api/message' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const m = JSON.parse(body) as { type: string };
        stub.actions.push(m);
        const answer = stub.answer(m);
        if (answer) send(200, 'application/json', JSON.stringify(answer));
        else send(204, 'text/plain', '');
      });
      return;
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}
