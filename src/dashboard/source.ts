// Where the page gets its data: one interface, two adapters (issue 15). In a VS Code webview the
// extension posts messages (acquireVsCodeApi); served by the proxy, the page asks over fetch:
// GET <api>/state for everything, GET <api>/records?after=SEQ for what is new (polled), and POST
// <api>/action for a fix. Every message is validated before the page uses it; one that does not
// validate is dropped and counted.
import { parseHostMessage, type HostMessage, type PageMessage } from '../proxy/usage/dashboard';

export interface DashboardSource {
  /** Starts delivering messages; returns a function that stops. */
  start(onMessage: (m: HostMessage) => void, onInvalid: () => void): () => void;
  send(m: PageMessage): void;
}

interface VsCodeApi {
  postMessage(m: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export function webviewSource(api: VsCodeApi = acquireVsCodeApi()): DashboardSource {
  return {
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

export function fetchSource(api: string, pollMs = 1000, stateEveryMs = 10_000): DashboardSource {
  const base = api.endsWith('/') ? api : api + '/';
  return {
    start(onMessage, onInvalid) {
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
        else lastSeq = Math.max(lastSeq, ...m.records.map((r) => r.seq));
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
      };
    },
    send(m) {
      void fetch(base + 'action', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(m) });
    },
  };
}

/** The adapter for where the page runs: a webview when VS Code's API is there, else fetch. */
export function detectSource(): DashboardSource {
  if (typeof (globalThis as { acquireVsCodeApi?: unknown }).acquireVsCodeApi === 'function') return webviewSource();
  const api = document.querySelector<HTMLMetaElement>('meta[name="antigravity-dashboard-api"]')?.content || './api/';
  return fetchSource(api);
}
