// Shared test helpers: a fake upstream and the proxy, both on loopback port 0, closed by the test.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { normalizeConfig, type ProxyConfig } from '../src/proxy/config';
import { MemoryKeyStore, type KeyStore } from '../src/proxy/keys';
import type { LogFields, Logger } from '../src/proxy/logger';
import { ProxyServer } from '../src/proxy/server';
import type { ThrottleOptions } from '../src/proxy/gate/throttle';
import type { InProcessProvider } from '../src/proxy/providers/inProcess';
import type { UsageStore } from '../src/proxy/usage/store';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type FakeHandler = (req: RecordedRequest, res: http.ServerResponse) => void | Promise<void>;

export interface FakeUpstream {
  url: string;
  /** Base URL as an OpenAI-compatible upstream (with /v1). */
  baseUrl: string;
  port: number;
  requests: RecordedRequest[];
  server: http.Server;
  close(): Promise<void>;
}

/** An OpenAI-style chat completion answer. */
export function chatCompletion(content = 'Hello from upstream', model = 'gpt-test'): unknown {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1700000000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
  };
}

/** The default fake: chat completions (streamed when asked), models, embeddings. */
export const defaultFakeHandler: FakeHandler = (req, res) => {
  if (req.method === 'GET' && req.url.startsWith('/v1/models')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-test', object: 'model', created: 1, owned_by: 'fake' }] }));
    return;
  }
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(req.body || '{}');
  } catch {
    /* keep {} */
  }
  if (body.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const words = ['Hel', 'lo', ' there'];
    for (const w of words) {
      res.write(
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta: { content: w }, finish_reason: null }] })}\n\n`,
      );
    }
    res.write(
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
    );
    res.end('data: [DONE]\n\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(chatCompletion('Hello from upstream', String(body.model ?? 'gpt-test'))));
};

export async function startFakeUpstream(t: TestContext | undefined, handler: FakeHandler = defaultFakeHandler): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(rec);
      void Promise.resolve(handler(rec, res)).catch((e) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const fake: FakeUpstream = {
    url,
    baseUrl: `${url}/v1`,
    port,
    requests,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  t?.after(() => fake.close());
  return fake;
}

export interface LogEntry {
  level: keyof Logger;
  message: string;
  fields?: LogFields;
}

/** A logger that keeps every line, to assert on (and to check that no key is ever logged). */
export function memoryLogger(): Logger & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const make = (level: keyof Logger) => (message: string, fields?: LogFields) => {
    entries.push({ level, message, fields });
  };
  return {
    entries,
    debug: make('debug'),
    info: make('info'),
    warn: make('warn'),
    error: make('error'),
    text: () => entries.map((e) => `${e.level} ${e.message} ${e.fields ? JSON.stringify(e.fields) : ''}`).join('\n'),
  };
}

export const TEST_KEY = 'sk-test-0123456789abcdefghijklmnopqrstuv';
export const UPSTREAM_KEY = 'sk-upstream-ZYXWVUTSRQPONMLKJIHGFEDCBA98';

export interface TestProxy {
  server: ProxyServer;
  url: string;
  port: number;
  keys: MemoryKeyStore;
  logger: ReturnType<typeof memoryLogger>;
  close(): Promise<void>;
}

/**
 * Starts the proxy core on 127.0.0.1 port 0 with the given raw config (merged over
 * `{port: 0}`) and key. Closed automatically when the test ends.
 */
export async function startProxy(
  t: TestContext | undefined,
  raw: Record<string, unknown> = {},
  opts: {
    key?: string;
    keyStore?: KeyStore;
    throttle?: ThrottleOptions;
    inProcessProviders?: InProcessProvider[];
    usage?: () => UsageStore | undefined;
    dashboardAssets?: string;
  } = {},
): Promise<TestProxy> {
  const inProcessProviders = opts.inProcessProviders ?? [];
  const config: ProxyConfig = normalizeConfig({ port: 0, ...raw }, {}, { inProcessKinds: inProcessProviders.map((p) => p.kind) });
  const keys = new MemoryKeyStore(opts.key ?? TEST_KEY);
  const logger = memoryLogger();
  const server = new ProxyServer({
    config,
    keyStore: opts.keyStore ?? keys,
    logger,
    throttle: opts.throttle,
    inProcessProviders,
    usage: opts.usage,
    dashboardAssets: opts.dashboardAssets,
  });
  await server.start();
  const p: TestProxy = { server, url: server.url, port: server.port, keys, logger, close: () => server.dispose() };
  t?.after(() => p.close());
  return p;
}

/** An upstream config entry pointing at a fake upstream. */
export function upstreamFor(fake: FakeUpstream, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'fake', kind: 'openai', baseUrl: fake.baseUrl, apiKeys: [UPSTREAM_KEY], models: ['*'], ...extra };
}

export interface SimpleResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A plain HTTP request with exact control over headers (no client library adds anything). */
export function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string | string[] | undefined>; body?: string | Buffer; timeoutMs?: number; localAddress?: string } = {},
): Promise<SimpleResponse> {
  return new Promise((resolve, reject) => {
    const headers = Object.fromEntries(Object.entries(opts.headers ?? {}).filter(([, v]) => v !== undefined)) as http.OutgoingHttpHeaders;
    const req = http.request(
      url,
      { method: opts.method ?? (opts.body !== undefined ? 'POST' : 'GET'), headers, agent: false, localAddress: opts.localAddress },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(opts.body);
  });
}

export { closedPort, freePort } from './ports';
