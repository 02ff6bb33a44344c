// The layering rules of eslint.config.mjs fire: a network module or a response writer imported
// into translate/ or providers/ (they stay pure transforms and data), vscode anywhere in the core,
// and a host reaching into the core past src/proxy/index.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('translate/ and providers/ may not import the network, the transport or a response writer', async () => {
  for (const file of ['src/proxy/translate/lint-fixture.ts', 'src/proxy/providers/openai/lint-fixture.ts']) {
    for (const mod of ['node:http', 'https', 'node:net', 'undici']) {
      assert.match((await restricted(file, `import * as m from '${mod}';\nexport const x = m;\n`)).join('\n'), /pure transforms and data/, `${mod} in ${file}`);
    }
    for (const mod of ['../../upstream/transport', '../../respond', '../../routes/generate']) {
      assert.match(
        (await restricted(file, `import * as m from '${mod}';\nexport const x = m;\n`)).join('\n'),
        /never send requests or write responses/,
        `${mod} in ${file}`,
      );
    }
    assert.match((await restricted(file, `import * as vscode from 'vscode';\nexport const x = vscode;\n`)).join('\n'), /must not depend on VS Code/);
    // What they may use: the IR and the error catalogue.
    assert.deepEqual(
      await restricted(file, `import { makeId } from '../translate/ir';\nimport { ProxyError } from '../errors';\nexport const x = [makeId, ProxyError];\n`),
      [],
    );
  }
});

test('the transport may use the network; no core file may import vscode; hosts import the core through its index', async () => {
  assert.deepEqual(await restricted('src/proxy/upstream/lint-fixture.ts', `import http from 'node:http';\nexport const x = http;\n`), []);
  assert.match(
    (await restricted('src/proxy/upstream/lint-fixture.ts', `import * as vscode from 'vscode';\nexport const x = vscode;\n`)).join('\n'),
    /must not depend on VS Code/,
  );
  assert.match(
    (await restricted('src/cli/lint-fixture.ts', `import { redact } from '../proxy/logger';\nexport const x = redact;\n`)).join('\n'),
    /through src\/proxy\/index\.ts/,
  );
  assert.deepEqual(await restricted('src/cli/lint-fixture.ts', `import { redact } from '../proxy';\nexport const x = redact;\n`), []);
});
