// The dashboard's HTML shell, the same for both hosts (issue 15): the VS Code webview passes its
// webview URIs and cspSource, the proxy's /_antigravity/dashboard its own paths and 'self'. A
// Content-Security-Policy with a per-load nonce allows exactly the bundled script and stylesheet:
// no inline script or handler, nothing from another origin. The page's translations, if any, ride
// in a <meta> as escaped JSON (data, never script). An empty data: icon: a browser asks no
// /favicon.ico (which the proxy would refuse, and count as a 401 of a failing client).
import { randomBytes } from 'node:crypto';

export interface DashboardPageOptions {
  /** URL of dist/dashboard.js and dist/dashboard.css as the page will load them. */
  scriptUri: string;
  styleUri: string;
  /** The CSP source that covers those URLs (the webview's cspSource, or 'self'). */
  cspSource: string;
  /** Where the page may fetch from: 'self' when served by the proxy; none in a webview. */
  connectSrc?: string;
  /** Base URL of the dashboard API for the fetch adapter (served page only). */
  api?: string;
  nonce?: string;
  /** The display language (BCP 47, e.g. "zh-cn") and its translations of the page's words (VS Code's l10n bundle). */
  lang?: string;
  l10n?: Record<string, unknown>;
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function dashboardHtml(o: DashboardPageOptions): { html: string; nonce: string; csp: string } {
  const nonce = o.nonce ?? newNonce();
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `style-src ${o.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `connect-src ${o.connectSrc ?? "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const html = `<!DOCTYPE html>
<html lang="${attr(o.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${o.api ? `<meta name="antigravity-dashboard-api" content="${attr(o.api)}">\n` : ''}${o.l10n ? `<meta name="antigravity-l10n" content="${attr(JSON.stringify(o.l10n))}">\n` : ''}<title>Antigravity Proxy</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${attr(o.styleUri)}">
</head>
<body>
<main id="app"><p>Loading…</p></main>
<script nonce="${attr(nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
  return { html, nonce, csp };
}
