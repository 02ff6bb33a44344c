// Names of the entries this extension keeps in VS Code's SecretStorage (per machine and user,
// shared by every window; never in settings.json).
export const SECRET_PROXY_KEY = 'antigravity.apiKey';
/** Salted hashes of earlier keys (not secret, but shared by every window like the key). */
export const SECRET_KEY_HISTORY = 'antigravity.keyHistory';
const UPSTREAM_PREFIX = 'antigravity.upstreamKey.';

export function upstreamSecretName(upstream: string): string {
  return UPSTREAM_PREFIX + upstream;
}

export function upstreamFromSecretName(name: string): string | undefined {
  return name.startsWith(UPSTREAM_PREFIX) ? name.slice(UPSTREAM_PREFIX.length) : undefined;
}
