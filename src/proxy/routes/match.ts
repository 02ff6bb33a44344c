// The route matcher: the one router of the proxy (no second one behind it). Matching is exact and
// case-sensitive on the path as sent: `/_ANTIGRAVITY/status` is not `/_antigravity/status`, and
// `/healthz/` is not `/healthz` (a case-insensitive router behind the checks once let the former
// reach the admin endpoint without the admin guard: issue 12). A pattern is literal text with
// parameters:
//   {name}        one segment, up to the next "/" or ":" (a Gemini model in /models/{model}:method)
//   {name+}       the rest of the path, slashes included (OpenAI model ids such as "org/model")
//   {name:word}   letters only (a Gemini method name, forwarded into an upstream URL)
// Parameters are percent-decoded; a malformed encoding is the client's mistake (400 invalid_path).
import { ProxyError } from '../errors';

export interface RouteShape {
  method: string;
  path: string;
}

export type Match<R> =
  | { route: R; params: Record<string, string> }
  /** The path exists, not with this method: the methods it has (for 405 and Allow). */
  | { route: undefined; allow: string[] }
  | undefined;

const PARAM = /\{(\w+)(\+|:word)?\}/g;
const CLASS: Record<string, string> = { '': '[^/:]+', '+': '.+', ':word': '[A-Za-z]+' };

interface Compiled<R> {
  route: R;
  re: RegExp;
  names: string[];
}

/** HEAD is answered wherever GET is (Node leaves the body out). */
function methodMatches(routeMethod: string, method: string): boolean {
  return routeMethod === method || (routeMethod === 'GET' && method === 'HEAD');
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ProxyError('invalid_path');
  }
}

/** Compiles a route list into a matcher: exact paths by lookup, patterns in table order. */
export function createMatcher<R extends RouteShape>(routes: readonly R[]): (method: string, path: string) => Match<R> {
  const exact = new Map<string, R[]>();
  const patterns: Compiled<R>[] = [];
  for (const route of routes) {
    if (!route.path.includes('{')) {
      const list = exact.get(route.path) ?? [];
      list.push(route);
      exact.set(route.path, list);
      continue;
    }
    const names: string[] = [];
    let source = '';
    let last = 0;
    for (const m of route.path.matchAll(PARAM)) {
      source += escape(route.path.slice(last, m.index)) + `(${CLASS[m[2] ?? '']})`;
      names.push(m[1]);
      last = m.index + m[0].length;
    }
    source += escape(route.path.slice(last));
    patterns.push({ route, re: new RegExp(`^${source}$`), names });
  }
  return function match(method, path) {
    const candidates = exact.get(path);
    if (candidates) {
      for (const route of candidates) if (methodMatches(route.method, method)) return { route, params: {} };
      return { route: undefined, allow: allowOf(candidates) };
    }
    const allow: R[] = [];
    for (const p of patterns) {
      const m = p.re.exec(path);
      if (!m) continue;
      if (!methodMatches(p.route.method, method)) {
        allow.push(p.route);
        continue;
      }
      const params: Record<string, string> = {};
      p.names.forEach((n, i) => (params[n] = decode(m[i + 1])));
      return { route: p.route, params };
    }
    return allow.length ? { route: undefined, allow: allowOf(allow) } : undefined;
  };
}

function allowOf(routes: readonly RouteShape[]): string[] {
  const out = new Set<string>();
  for (const r of routes) {
    out.add(r.method);
    if (r.method === 'GET') out.add('HEAD');
  }
  return [...out];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
