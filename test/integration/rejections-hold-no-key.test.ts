// Security regression: the rejection memory, the admin endpoint and the diagnosis never hold a
// key or a recognisable piece of one, whatever form the client sent it in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateApiKey } from '../../src/proxy/keys';
import { renderCopyReport, renderMarkdown, renderText } from '../../src/proxy/diagnose';
import { request, startFakeUpstream, startProxy, upstreamFor } from '../helpers';
import { assertNoKeyPiece, diagnoseProxy, finding } from '../diagnose-helpers';

test('no key or 8-character piece of one in rejection records, the admin endpoint or the report', async (t) => {
  const fake = await startFakeUpstream(t);
  // Random keys, so that no piece of one is an ordinary word that a message may contain.
  const old = generateApiKey();
  const UPSTREAM_KEY = generateApiKey();
  const p = await startProxy(t, { authMode: 'strict', upstreams: [upstreamFor(fake, { apiKeys: [UPSTREAM_KEY] })] }, { key: old });
  const fresh = generateApiKey();
  p.keys.rotate(fresh);
  const forms: Array<Record<string, string>> = [
    { authorization: `Bearer${fresh}` },
    { authorization: `Bearer Bearer ${fresh}` },
    { authorization: `Bearer "${fresh}"` },
    { 'x-api-key': `'${fresh}'` },
    { authorization: `Bearer ${old}` },
    { authorization: `Bearer ${fresh.slice(0, -1)}` },
    { 'x-api-key': UPSTREAM_KEY },
    { authorization: 'Bearer sk-wrong-wrong-wrong', 'x-api-key': fresh },
  ];
  for (const headers of forms) {
    const r = await request(`${p.url}/v1/models`, { headers });
    assert.equal(r.status, 401);
    for (const k of [old, fresh, UPSTREAM_KEY]) assertNoKeyPiece(r.body, k, '401 body');
  }
  await request(`${p.url}/v1/models?key=${encodeURIComponent(` ${fresh} `)}`);
  assert.equal(p.server.rejections.rejections.size, forms.length + 1);

  const buffer = JSON.stringify(p.server.rejections.rejections.list());
  const endpoint = (await request(`${p.url}/_antigravity/diagnostics`, { headers: { authorization: `Bearer ${fresh}` } })).body;
  const report = await diagnoseProxy(p, { key: fresh });
  assert.equal(finding(report, 'stale_key').status, 'fail');
  const texts = {
    'ring buffer': buffer,
    'admin endpoint': endpoint,
    'report JSON': JSON.stringify(report),
    'text report': renderText(report),
    'Markdown report': renderMarkdown(report),
    'copy report': renderCopyReport(report, [fresh]),
    'the in-process snapshot': JSON.stringify(p.server.diagnostics()),
  };
  for (const [what, text] of Object.entries(texts)) {
    for (const k of [old, fresh, UPSTREAM_KEY]) assertNoKeyPiece(text, k, what);
  }
});
