// Who holds a port? Used for the health indicator (is our own server still answering?) and for
// several windows: every VS Code window runs its own extension host and only one can own the port,
// so a window that finds the port taken asks /healthz whether it is this proxy (another window:
// "served by another window", take over when it goes) or a stranger (a clear error).
//
// The probe never sends the proxy key: whoever holds the port might not be us. In strict mode our
// /healthz answers 401, which still identifies itself by its WWW-Authenticate realm.
import http from 'node:http';

export type PortHolder = 'free' | 'ours' | 'stranger';

export const SERVICE_NAME = 'antigravity-proxy';

export function probePort(port: number, timeoutMs = 1500, host = '127.0.0.1'): Promise<PortHolder> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (h: PortHolder): void => {
      if (!settled) {
        settled = true;
        resolve(h);
      }
    };
    const req = http.get({ host, port, path: '/healthz', timeout: timeoutMs, agent: false, headers: { accept: 'application/json' } }, (res) => {
      const realm = String(res.headers['www-authenticate'] ?? '');
      if (res.statusCode === 401 && realm.includes(`realm="${SERVICE_NAME}"`)) {
        res.resume();
        done('ours');
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= 4096) chunks.push(c);
      });
      res.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { service?: unknown };
          done(res.statusCode === 200 && body.service === SERVICE_NAME ? 'ours' : 'stranger');
        } catch {
          done('stranger');
        }
      });
      res.on('error', () => done('stranger'));
    });
    req.on('timeout', () => {
      req.destroy();
      done('stranger');
    });
    req.on('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'free' : 'stranger'));
  });
}
