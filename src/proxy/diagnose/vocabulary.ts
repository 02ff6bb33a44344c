// How a fix names things: the CLI says which flag or command, VS Code which setting or command.
// The engine is shared by both hosts; only these words differ.
import type { DiagnoseHost } from './types';

export interface Vocabulary {
  showKey: string;
  regenerateKey: string;
  startProxy: string;
  lanOff: string;
  lanOn: string;
  authModeSetting: string;
  portSetting: string;
  upstreamKey: (name: string) => string;
  credentialPolicyAny: string;
  stateDirHint: string;
}

const CLI: Vocabulary = {
  showKey: 'print it with `antigravity-proxy key show`',
  regenerateKey: 'run `antigravity-proxy key regenerate`',
  startProxy: 'run `antigravity-proxy start`',
  lanOff: 'start the proxy without `--allow-lan-access` (and set "allowLanAccess": false in config.json)',
  lanOn: 'start the proxy with `--allow-lan-access` (or set "allowLanAccess": true in config.json) and require a key (`--auth-mode all_except_health`)',
  authModeSetting: '`--auth-mode` (or "authMode" in config.json)',
  portSetting: '`--port` (or "port" in config.json)',
  upstreamKey: (name) => `the "apiKeys" / "apiKeyEnv" of upstream "${name}" in config.json (or the environment variable it names)`,
  credentialPolicyAny: 'set "credentialPolicy": "any" in config.json',
  stateDirHint: 'run the diagnosis with the state directory the running proxy uses (`--state-dir DIR`, or $ANTIGRAVITY_STATE_DIR)',
};

const VSCODE: Vocabulary = {
  showKey: 'copy it with "Antigravity: Copy API Key"',
  regenerateKey: 'run "Antigravity: Regenerate API Key"',
  startProxy: 'run "Antigravity: Start Proxy"',
  lanOff: 'turn off the setting `antigravity.allowLanAccess`',
  lanOn: 'turn on the setting `antigravity.allowLanAccess` (and keep `antigravity.authMode` requiring a key)',
  authModeSetting: 'the setting `antigravity.authMode`',
  portSetting: 'the setting `antigravity.port`',
  upstreamKey: (name) => `the API key of upstream "${name}" ("Antigravity: Set Upstream API Key…")`,
  credentialPolicyAny: 'set `antigravity.credentialPolicy` to "any"',
  stateDirHint: 'check that no other program or window serves this port',
};

export function vocabularyFor(host: DiagnoseHost | undefined): Vocabulary {
  return host === 'vscode' ? VSCODE : CLI;
}
