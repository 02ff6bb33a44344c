// test/vscode/npm-env.sh under a real, nested `npm run` (as `npm test` -> `npm run test:vscode` ->
// setup.sh): nothing the outer npm derived from its own Node or from this project reaches the
// nested code-server install, while the user's registry settings still do (issue 11: the install
// refused with "requires node v24" because it read the outer npm's user agent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const NPM_ENV = path.resolve(__dirname, '..', 'vscode', 'npm-env.sh');

test('a nested install started from `npm test` does not inherit the outer npm (user agent, Node, PATH)', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-npm-env-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'probe.sh'), `source ${JSON.stringify(NPM_ENV)}\nenv\n`);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'probe', version: '1.0.0', private: true, scripts: { outer: 'npm run --silent inner', inner: 'bash ./probe.sh' } }),
  );
  // The user's shell: no trace of the npm running this test, a PATH of their own, a registry mirror.
  const userPath = [path.dirname(process.execPath), path.join(dir, 'my-tools'), '/usr/bin', '/bin'].join(':');
  const userEnv: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && !['NODE', 'INIT_CWD', 'PATH'].includes(k)) userEnv[k] = v;
  const env = {
    ...userEnv,
    PATH: userPath,
    npm_config_registry: 'https://mirror.example.invalid/npm/',
    npm_config_nodedir: '/opt/node20-headers',
    npm_config_update_notifier: 'false',
  };

  const out = execFileSync('npm', ['run', '--silent', 'outer'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  const seen = new Map(
    out
      .split('\n')
      .filter((l) => /^\w+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

  const leaked = [...seen.keys()].filter(
    (k) => /^npm_/i.test(k) && !/^npm_config_(userconfig|globalconfig|registry|cache|proxy|https_proxy|noproxy|cafile|ca|strict_ssl)$/i.test(k),
  );
  assert.deepEqual(leaked, [], 'npm variables of the outer npm');
  for (const k of ['NODE', 'INIT_CWD']) assert.ok(!seen.has(k), `${k} (names the outer Node / this project)`);
  assert.equal(seen.get('npm_config_registry'), 'https://mirror.example.invalid/npm/', "the user's registry mirror is kept");
  assert.equal(seen.get('PATH'), userPath, "PATH is the user's own again: no node_modules/.bin, no node-gyp-bin");
});
