// Who holds a port? Used for the health indicator (is our own server still answering?) and for
// several windows: every VS Code window runs its own extension host and only one can own the port,
// so a window that finds the port taken asks /healthz whether it is this proxy (another window:
// "served by another window", take over when it goes) or a stranger (a clear error).
//
// The probe never sends the proxy key: whoever holds the port might not be us. In strict mode our
// /healthz answers 401, which still identifies itself by its X-Antigravity-Auth header.
import { isOurs, probe } from '../proxy';

export type PortHolder = 'free' | 'ours' | 'stranger';

/** One keyless GET /healthz (the diagnosis' probe): refused = free, our answer = ours. */
export async function probePort(port: number, timeoutMs = 1500): Promise<PortHolder> {
  const r = await probe(`http://127.0.0.1:${port}/healthz`, {}, timeoutMs);
  if (!r.ok) return r.error === 'ECONNREFUSED' ? 'free' : 'stranger';
  return isOurs(r) ? 'ours' : 'stranger';
}
