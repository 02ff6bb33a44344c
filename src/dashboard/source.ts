// Where the page gets its data: one interface, two adapters (issue 15). In a VS Code webview the
// extension posts messages (acquireVsCodeApi); served by the proxy, the page asks over fetch:
// GET <api>/state for everything (every 10 s, and right after a refused or failed request: key
// states and 401s change then), GET <api>/records?after=SEQ for what is new (polled), and POST
// <api>/message with a page message (a diagnosis, a copy of its report), whose answer, if any, is
// a host message. Every message is validated before the page uses it; one that does not validate
// is dropped and counted. The page's own view state (which view, the filters) survives a hidden
// webview through VS Code's getState/setState, and a reload of the served page through
// sessionStorage.
import { parseHostMessage, type HostMessage, type PageMessage } from '../proxy/usage/dashboard';

export interface DashboardSource {
  /** Starts delivering messages; returns a function that stops. */
  start(onMessage: (m: HostMessage) => void, onInvalid: () => void): () => void;
  send(m: PageMessage): void;
  /** The view state saved last (unvalidated: the caller checks it), or undefined. */
  loadState(): unknown;
  saveState(s: unknown): void;
}

interface VsCodeApi {
  postMessage(m: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export function webviewSource(api: VsCodeApi = acquireVsCodeApi()): DashboardSource {
  return {
    loadState: () => api.getState(),
    saveState: (st) => api.setState(st),
    start(onMessage, onInvalid) {
      const listener = (e: MessageEvent): void => {
        const m = parseHostMessage(e.data);
        if (m) onMessage(m);
        else onInvalid();
      };
      window.addEventListener('message', listener);
      api.postMessage({ type: 'ready' } satisfies PageMessage);
      return () => window.removeEventListener('message', listener);
    },
    send: (m) => api.postMessage(m),
  };
}

const STATE_KEY = 'antigravity-dashboard';

export function fetchSource(api: string, pollMs = 1000, stateEveryMs = 10_000): DashboardSource {
  const base = api.endsWith('/') ? api : api + '/';
  let handlers: { onMessage: (m: HostMessage) => void; onInvalid: () => void } | undefined;
  return {
    loadState() {
      try {
        return JSON.parse(sessionStorage.getItem(STATE_KEY) ?? 'null') ?? undefined;
      } catch {
        return undefined;
      }
    },
    saveState(st) {
      try {
        sessionStorage.setItem(STATE_KEY, JSON.stringify(st));
      } catch {
        /* storage off: the view state is not kept */
      }
    },
    start(onMessage, onInvalid) {
      handlers = { onMessage, onInvalid };
      let stopped = false;
      let lastSeq = 0;
      let lastState = 0;
      const get = async (path: string): Promise<HostMessage | undefined> => {
        const res = await fetch(base + path, { credentials: 'same-origin', cache: 'no-store' });
        if (!res.ok) return undefined;
        const m = parseHostMessage(await res.json());
        if (!m) onInvalid();
        return m;
      };
      const deliver = (m: HostMessage | undefined): void => {
        if (!m || stopped) return;
        if (m.type === 'state') lastSeq = Math.max(0, ...m.state.recent.map((r) => r.seq));
        else if (m.type === 'records') {
          lastSeq = Math.max(lastSeq, ...m.records.map((r) => r.seq));
          // A refused or failed request may have changed a key's state or the 401s: the whole state next.
          if (m.records.some((r) => r.status >= 400)) lastState = 0;
        }
        onMessage(m);
      };
      const poll = async (): Promise<void> => {
        try {
          if (Date.now() - lastState >= stateEveryMs) {
            lastState = Date.now();
            deliver(await get('state'));
          } else deliver(await get(`records?after=${lastSeq}`));
        } catch {
          /* the proxy is restarting or gone: try again at the next poll */
        }
        if (!stopped) setTimeout(() => void poll(), pollMs);
      };
      void poll();
      return () => {
        stopped = true;
        handlers = undefined;
      };
    },
    send(m) {
      void (async () => {
        const res = await fetch(base + 'message', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(m),
        });
        if (res.status !== 200 || !handlers) return;
        const answer = parseHostMessage(await res.json());
        if (answer) handlers.onMessage(answer);
        else handlers.onInvalid();
      })().catch(() => undefined);
    },
  };
}

/** The adapter for where the page runs: a webview when VS Code's API is there, else fetch. */
export function detectSource(): DashboardSource {
  if (typeof (globalThis as { acquireVsCodeApi?: unknown }).acquireVsCodeApi === 'function') return webviewSource();
  const api = document.querySelector<HTMLMetaElement>('meta[name="antigravity-dashboard-api"]')?.content || './api/';
  return fetchSource(api);
}
