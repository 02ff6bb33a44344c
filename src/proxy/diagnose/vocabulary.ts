// How a fix names things: the CLI says which flag or command, VS Code which setting or command.
// The engine is shared by both hosts; only these words differ. The CLI speaks English; VS Code's
// words are translated like the rest of the report (and name the palette's translated titles).
import * as l10n from '@vscode/l10n';
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
  /** How to let the probes send the key to an address that is not this machine. */
  sendKeyToRemote: string;
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
  sendKeyToRemote: 'run it on the machine where the proxy runs, or pass `--send-key-to-remote` if you trust that address',
};

/** VS Code's words, in the display language (built per diagnosis: the bundle is set after load). */
function vscodeVocabulary(): Vocabulary {
  const command = (title: string): string => `"Antigravity: ${title}"`;
  return {
    showKey: l10n.t('copy it with {0}', command(l10n.t('Copy API Key'))),
    regenerateKey: l10n.t('run {0}', command(l10n.t('Regenerate API Key'))),
    startProxy: l10n.t('run {0}', command(l10n.t('Start Proxy'))),
    lanOff: l10n.t('turn off the setting {0}', '`antigravity.allowLanAccess`'),
    lanOn: l10n.t('turn on the setting {0} (and keep {1} requiring a key)', '`antigravity.allowLanAccess`', '`antigravity.authMode`'),
    authModeSetting: l10n.t('the setting {0}', '`antigravity.authMode`'),
    portSetting: l10n.t('the setting {0}', '`antigravity.port`'),
    upstreamKey: (name) => l10n.t('the API key of upstream "{0}" ({1})', name, command(l10n.t('Set Upstream API Key…'))),
    credentialPolicyAny: l10n.t('set {0} to "any"', '`antigravity.credentialPolicy`'),
    stateDirHint: l10n.t('check that no other program or window serves this port'),
    sendKeyToRemote: l10n.t('diagnose the proxy on the machine where it runs'),
  };
}

export function vocabularyFor(host: DiagnoseHost | undefined): Vocabulary {
  return host === 'vscode' ? vscodeVocabulary() : CLI;
}
