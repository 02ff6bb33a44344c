// The commands that handle keys: the proxy's own (regenerate, set, copy) and the upstream keys
// (stored in SecretStorage, never in settings). Every dialog goes through Prompts, so the in-host
// tests answer them while the command runs unchanged.
import * as vscode from 'vscode';
import { isHttpKind } from '../proxy';
import type { Services } from './services';
import { upstreamSecretName } from './secretsNames';
import { splitUpstreamKeys } from './settings';
import { reconnectClients } from './connectClient';

const hasOuterSpace = (s: string): boolean => /^\s|\s$/.test(s);

export async function regenerateKey(s: Services): Promise<void> {
  const ok = await s.prompts.confirm(
    vscode.l10n.t('Regenerate the Antigravity Proxy API key?'),
    vscode.l10n.t(
      'Clients that hold the current key will get 401 (stale_key) until you give them the new one. The new key applies at the next request, in every window.',
    ),
    vscode.l10n.t('Regenerate'),
  );
  if (!ok) return;
  await s.keys.regenerate();
  s.log.info('API key regenerated (the old key now gets 401 stale_key)');
  void vscode.window.showInformationMessage(vscode.l10n.t('Antigravity Proxy: new API key in effect.'), vscode.l10n.t('Copy API Key')).then((a) => {
    if (a) void copyKey(s);
  });
  await reconnectClients(s);
}

export async function setKey(s: Services): Promise<void> {
  const v = await s.prompts.input({
    title: vscode.l10n.t('Antigravity Proxy: set the API key'),
    prompt: vscode.l10n.t('The key clients must send. Leave empty only to deny every request that needs a key.'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (x) => (hasOuterSpace(x) ? vscode.l10n.t('The key must not start or end with white space.') : undefined),
  });
  if (v === undefined) return;
  if (hasOuterSpace(v)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Antigravity Proxy: the key must not start or end with white space.'));
    return;
  }
  if (v === '') {
    const ok = await s.prompts.confirm(
      vscode.l10n.t('Set an empty API key?'),
      vscode.l10n.t(
        'With an empty key, every request that needs a key is denied ("Proxy auth is enabled but api_key is empty; denying request"). Regenerate the key to undo.',
      ),
      vscode.l10n.t('Set Empty Key'),
    );
    if (!ok) return;
  }
  await s.keys.replace(v);
  s.log.info(v === '' ? 'API key set to empty: requests that need a key are denied' : 'API key set');
  if (v !== '') await reconnectClients(s);
}

export async function copyKey(s: Services): Promise<void> {
  await vscode.env.clipboard.writeText(s.keys.key);
  if (s.keys.key === '') {
    void vscode.window
      .showWarningMessage(vscode.l10n.t('Antigravity Proxy: the API key is empty (copied an empty string).'), vscode.l10n.t('Regenerate API Key'))
      .then((a) => {
        if (a) void regenerateKey(s);
      });
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('Antigravity Proxy: API key copied to the clipboard.'));
  }
}

/** Stores the key(s) of one upstream, then applies them before returning (the next request uses them). */
export async function setUpstreamKey(s: Services): Promise<void> {
  // The editor's models (an in-process upstream) need no key.
  const names = s.server.config.upstreams.filter((u) => isHttpKind(u.kind)).map((u) => u.name);
  if (names.length === 0) {
    // Not awaited: a notification's promise settles only when it is dismissed.
    void vscode.window
      .showErrorMessage(
        vscode.l10n.t('Antigravity Proxy: no upstream is configured. Add one in the setting antigravity.upstreams first.'),
        vscode.l10n.t('Open Settings'),
      )
      .then((a) => {
        if (a) void vscode.commands.executeCommand('workbench.action.openSettings', 'antigravity.upstreams');
      });
    return;
  }
  const name = names.length === 1 ? names[0] : await s.prompts.pick(names, vscode.l10n.t('Which upstream?'));
  if (!name) return;
  const v = await s.prompts.input({
    title: vscode.l10n.t('Antigravity Proxy: API key for upstream "{0}"', name),
    prompt: vscode.l10n.t(
      'Stored in VS Code SecretStorage, never in settings. Several keys (separated by spaces or commas) are rotated between on rate limits. Leave empty to remove.',
    ),
    password: true,
    ignoreFocusOut: true,
  });
  if (v === undefined) return;
  const keys = splitUpstreamKeys(v);
  if (keys.length) await s.secrets.store(upstreamSecretName(name), keys.join('\n'));
  else await s.secrets.delete(upstreamSecretName(name));
  await s.reload();
  s.log.info(keys.length ? `${keys.length} upstream key(s) for "${name}" stored` : `Upstream keys for "${name}" removed`);
}
