// The first check of every request: its target must be origin-form (RFC 9112 3.2.1), a path such
// as /v1/models with an optional query. Absolute-form (`GET http://host/path`, meant for forward
// proxies) and asterisk-form (`OPTIONS *`) are answered 400 before any other check: a router that
// took the path out of an absolute URL once let a request past the admin guard (issue 12). The
// Gemini REST `?key=` credential is taken out of the query here and never forwarded.

export interface Target {
  path: string;
  /** "" or "?..." without `key`. */
  search: string;
  /** The `?key=` credential, if any. */
  queryKey: string | undefined;
}

/** The request target's parts, or undefined when it is not origin-form. */
export function parseTarget(rawUrl: string | undefined): Target | undefined {
  const url = rawUrl ?? '';
  if (url.charCodeAt(0) !== 47 /* "/" */) return undefined;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  let search = q < 0 ? '' : url.slice(q);
  let queryKey: string | undefined;
  if (search.includes('key=')) {
    // Gemini REST clients send ?key=: read it as a credential, never forward it.
    const params = new URLSearchParams(search);
    queryKey = params.get('key') ?? undefined;
    params.delete('key');
    const rest = params.toString();
    search = rest ? `?${rest}` : '';
  }
  return { path, search, queryKey };
}
