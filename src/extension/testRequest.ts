// "Antigravity: Send Test Request" (the walkthrough's step "send a test request and see it
// arrive"): a request through the running proxy with the credential a client would send, the
// models list and, when an upstream serves models, a one-line chat; then where it showed up (the
// log line this writes, the tooltip's request counter). A plain client of the proxy, over loopback.
import * as vscode from 'vscode';
import { VERSION } from '../proxy';
import { CommandId } from './commands';
import type { Services } from './services';

const TIMEOUT_MS = 30_000;
/** Sent by the test request, so the log and the diagnosis can tell it from the user's tools. */
export const TEST_REQUEST_USER_AGENT = `antigravity-proxy-test-request/${VERSION}`;

interface Answer {
  status: number;
  json: unknown;
  ms: number;
}

async function call(url: string, key: string, body?: unknown): Promise<Answer> {
  const t0 = performance.now();
  const headers: Record<string, string> = { 'user-agent': TEST_REQUEST_USER_AGENT, accept: 'application/json' };
  // The proxy's key, as clients send it (harmless when no key is needed; never an upstream key).
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, ms: performance.now() - t0 };
}

function errorMessage(a: Answer): string {
  const m = (a.json as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof m === 'string' ? m.slice(0, 200) : `HTTP ${a.status}`;
}

/** The chat answer's text, first line, shortened. */
function replyText(a: Answer): string {
  const text = (a.json as { choices?: Array<{ message?: { content?: unknown } }> } | undefined)?.choices?.[0]?.message?.content;
  return typeof text === 'string' ? text.trim().split('\n')[0].slice(0, 80) : '';
}

export async function sendTestRequest(s: Services): Promise<void> {
  const phase = s.lifecycle.phase;
  if (phase !== 'running' && phase !== 'unhealthy' && phase !== 'peer') {
    const start = vscode.l10n.t('Start Proxy');
    void vscode.window
      .showWarningMessage(vscode.l10n.t('Antigravity Proxy is not running, so there is nothing to send a test request to.'), start)
      .then((a) => {
        if (a === start) void vscode.commands.executeCommand(CommandId.StartProxy);
      });
    return;
  }
  const base = s.baseUrl;
  const key = s.keys.key;
  const lines: string[] = [];
  try {
    const models = await call(`${base}/v1/models`, key);
    s.log.info(`Test request: GET /v1/models -> ${models.status} (${models.ms.toFixed(0)} ms)`);
    if (models.status !== 200) {
      report(s, 'warning', vscode.l10n.t('Test request: GET /v1/models answered {0}: {1}', models.status, errorMessage(models)), models.status === 401);
      return;
    }
    const ids = ((models.json as { data?: Array<{ id?: unknown }> } | undefined)?.data ?? [])
      .map((m) => m.id)
      .filter((id): id is string => typeof id === 'string');
    lines.push(vscode.l10n.t('GET /v1/models: 200, {0} model(s).', ids.length));
    if (ids.length === 0) {
      lines.push(vscode.l10n.t('No upstream serves models yet, so no chat was sent (setting antigravity.upstreams).'));
    } else {
      const model = ids[0];
      const chat = await call(`${base}/v1/chat/completions`, key, {
        model,
        messages: [{ role: 'user', content: 'Reply with one word: hello.' }],
        max_tokens: 16,
        stream: false,
      });
      s.log.info(`Test request: POST /v1/chat/completions model=${model.slice(0, 100)} -> ${chat.status} (${chat.ms.toFixed(0)} ms)`);
      lines.push(
        chat.status === 200
          ? vscode.l10n.t('Chat with {0}: 200 "{1}".', model, replyText(chat))
          : vscode.l10n.t('Chat with {0}: {1} ({2}).', model, chat.status, errorMessage(chat)),
      );
    }
  } catch (e) {
    const why = e instanceof Error ? (e.name === 'TimeoutError' ? vscode.l10n.t('no answer within {0} s', TIMEOUT_MS / 1000) : e.message) : String(e);
    s.log.warn(`Test request to ${base} failed: ${why}`);
    report(s, 'warning', vscode.l10n.t('Test request to {0} failed: {1}', base, why), false);
    return;
  }
  report(s, 'info', `${vscode.l10n.t('Test request through {0}:', base)} ${lines.join(' ')}`, false);
}

/** The result, where it appeared, and the way there (the log; Diagnose 401 after a 401). Not awaited: a notification settles only when dismissed. */
function report(s: Services, kind: 'info' | 'warning', message: string, unauthorized: boolean): void {
  const showLog = vscode.l10n.t('Show Log');
  const diagnose = vscode.l10n.t('Diagnose 401');
  const where = vscode.l10n.t('It appears in the "Antigravity Proxy" log and in the status bar tooltip\'s request count.');
  const show = kind === 'info' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(`${message} ${where}`, ...(unauthorized ? [diagnose, showLog] : [showLog])).then((a) => {
    if (a === showLog) s.log.show(true);
    if (a === diagnose) void vscode.commands.executeCommand(CommandId.Diagnose401);
  });
}
