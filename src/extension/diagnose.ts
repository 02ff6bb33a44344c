// "Antigravity: Diagnose 401", first version: the effective auth mode and the recent rejections with
// the fix the proxy's own 401 message gives. The full diagnosis engine (src/proxy/diagnose, its own
// issue) replaces the body of this report; the command and its place stay.
import type { ProxyServer } from '../proxy/server';
import { rejectionMessage } from '../proxy/auth';

export function diagnosisMarkdown(server: ProxyServer, port: number, keyEmpty: boolean): string {
  const auth = server.effectiveAuth;
  const cfg = server.config;
  const out: string[] = ['# Antigravity Proxy: why clients get 401', ''];
  out.push(`- Base URL: \`http://127.0.0.1:${port}\` (server ${server.state})`);
  out.push(`- Effective auth mode: **${auth.mode}** (${auth.reason})`);
  out.push(`- Setting \`antigravity.authMode\`: \`${cfg.authMode}\`, LAN access: ${cfg.allowLanAccess ? 'on' : 'off'}, credential policy: \`${cfg.credentialPolicy}\``);
  out.push(`- API key: ${keyEmpty ? '**empty**: every request that needs a key is denied' : 'set (copy it with "Antigravity: Copy API Key")'}`);
  out.push('');
  if (auth.mode === 'off') out.push('Authentication is off, so this proxy answers no request with 401. A 401 comes from somewhere else (the upstream, or another program on this port).', '');
  const recent = server.rejections.rejections.list().slice(-20).reverse();
  if (recent.length === 0) {
    out.push('No request has been rejected since the proxy started.');
    return out.join('\n') + '\n';
  }
  out.push(`## The last ${recent.length} rejected request(s), newest first`, '');
  const fixes = new Map<string, string>();
  for (const r of recent) {
    out.push(`- ${r.time} \`${r.method} ${r.path}\` from ${r.remoteAddress || '?'} (${r.userAgent || 'no user agent'}): **${r.reason}**; credentials sent: ${r.credentialSources.join(', ') || 'none'}`);
    if (!fixes.has(r.reason)) fixes.set(r.reason, rejectionMessage(r.reason, r.source, auth.mode, auth.reason));
  }
  out.push('', '## How to fix', '');
  for (const [reason, fix] of fixes) out.push(`- **${reason}**: ${fix}`);
  return out.join('\n') + '\n';
}
