// The format-preserving editors under src/clients/docs, one format at a time: what they change,
// and that everything else (indentation, line endings, comments, other entries) stays as it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyValues, originOf } from '../../src/clients';
import { openDoc } from '../../src/clients/docs';

test('.env: quotes a value that needs it, reads `export` lines, and a delete removes every definition', () => {
  const d = openDoc('dotenv', '# c\nexport GEMINI_API_KEY=old\nA=1\nGEMINI_API_KEY=older\n', 'f');
  assert.equal(d.get(['GEMINI_API_KEY']), 'older', 'the later line wins, as in dotenv');
  d.set(['GEMINI_API_KEY'], 'two words');
  assert.equal(d.toString(), '# c\nexport GEMINI_API_KEY=old\nA=1\nGEMINI_API_KEY="two words"\n');
  assert.equal(openDoc('dotenv', d.toString(), 'f').get(['GEMINI_API_KEY']), 'two words');
  d.delete(['GEMINI_API_KEY']);
  assert.equal(d.toString(), '# c\nA=1\n');
});

test('.env: CRLF line endings stay CRLF', () => {
  const d = openDoc('dotenv', 'A=1\r\nB=2\r\n', 'f');
  d.set(['C'], '3');
  assert.equal(d.toString(), 'A=1\r\nB=2\r\nC=3\r\n');
});

test('JSON: a tab-indented file gets tab-indented additions; comments stay', () => {
  const d = openDoc('jsonc', '{\n\t// keep me\n\t"a": 1\n}\n', 'f');
  d.set(['env', 'X'], 'y');
  assert.equal(d.toString(), '{\n\t// keep me\n\t"a": 1,\n\t"env": {\n\t\t"X": "y"\n\t}\n}\n');
  d.delete(['env', 'X']);
  d.delete(['env']);
  assert.equal(d.toString(), '{\n\t// keep me\n\t"a": 1\n}\n');
});

test('TOML: a table is added as a section and removed again; other tables and comments stay', () => {
  const text = '# top\nmodel = "m" # c\n\n[mcp_servers.docs]\ncommand = "npx"\n';
  const d = openDoc('toml', text, 'f');
  d.set(['model_providers', 'antigravity', 'name'], 'A');
  assert.match(d.toString(), /\[model_providers\.antigravity\]\nname = "A"/);
  d.delete(['model_providers', 'antigravity', 'name']);
  d.delete(['model_providers', 'antigravity']);
  d.delete(['model_providers']);
  assert.equal(d.toString(), text);
});

test("YAML: a list element is found by its name; the user's other elements and comments stay", () => {
  const text = 'models:\n  # mine\n  - name: Local\n    model: qwen # fast\n';
  const d = openDoc('yaml', text, 'f');
  d.set(['models', { field: 'name', value: 'Ours' }], { name: 'Ours', model: 'm' });
  assert.deepEqual(d.get(['models', { field: 'name', value: 'Ours' }]), { name: 'Ours', model: 'm' });
  d.set(['models', { field: 'name', value: 'Ours' }], { name: 'Ours', model: 'n' });
  assert.equal((d.get(['models']) as unknown[]).length, 2, 'replaced in place, not appended twice');
  d.delete(['models', { field: 'name', value: 'Ours' }]);
  assert.equal(d.toString(), text);
});

test('originOf: the proxy origin from any base URL a user may type', () => {
  assert.equal(originOf('http://127.0.0.1:8045/v1/'), 'http://127.0.0.1:8045');
  assert.equal(originOf('http://localhost:8045/v1beta'), 'http://localhost:8045');
  assert.equal(originOf('http://127.0.0.1:8045'), 'http://127.0.0.1:8045');
  assert.throws(() => originOf('ftp://127.0.0.1'), /not an http/);
});

test('values to copy for the clients we cannot configure: the key marked secret wherever it appears', () => {
  const key = 'sk-copy-me-0123456789';
  for (const c of copyValues('http://127.0.0.1:8045', key)) {
    for (const v of c.values) assert.equal(v.value.includes(key), !!v.secret, `${c.client}: ${v.label}`);
  }
});
