// Helpers for the suite that runs inside a real VS Code extension host.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension/main';

export const EXTENSION_ID = 'antigravity-proxy.antigravity-proxy';

export async function api(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const a = ext.isActive ? ext.exports : await ext.activate();
  if (!a) throw new Error('no test API: the extension host is not in test mode');
  await a.ready;
  return a;
}

export function workspaceDir(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('the tests need a workspace folder');
  return f.uri.fsPath;
}

/** Results and measurements for the driver (test/vscode/run.ts) go next to the workspace. */
export function writeResult(name: string, data: unknown): void {
  fs.writeFileSync(path.join(workspaceDir(), '..', name), JSON.stringify(data, null, 2));
}

export function readResult<T>(name: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(workspaceDir(), '..', name), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json?: Record<string, unknown>;
}

/** One HTTP request with a fresh connection; status 0 with `error` when it could not connect. */
export function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer & { error?: string }> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: opts.method ?? (opts.body ? 'POST' : 'GET'), headers: opts.headers, agent: false, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> | undefined;
        try {
          json = JSON.parse(body) as Record<string, unknown>;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, headers: {}, body: '', error: e.code ?? e.message }));
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** Polls `check` (every 50 ms, at most `ms`) until it returns true. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('antigravity');
}

/** Writes a user (machine-scoped: remote machine) setting and waits until the proxy applied it. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await settings().update(key, value, vscode.ConfigurationTarget.Global);
}
