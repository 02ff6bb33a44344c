// "Antigravity: Connect a Client…" (issue 14): writes the proxy's URL and key into a client's own
// configuration with the same writers, plans and round trip as the CLI's `connect` (src/clients):
// the change is shown as a diff (an editor beside) and written only after the modal says so, then
// a request in the client's own protocol proves it (the model that answered, or the diagnosis).
// Roo Code gets its settings-import file and the VS Code setting that names it. Cline, the SDKs
// and curl take values to copy. After the proxy key changes, reconnectClients() offers to give
// every connected client the new key.
import os from 'node:os';
import * as vscode from 'vscode';
import {
  applyPlan,
  CLIENTS,
  ConfigParseError,
  ConnectedClients,
  copyValues,
  planConnect,
  proxyModels,
  renderDiff,
  ROO_IMPORT_SETTING,
  rooImportFile,
  roundTrip,
  type ClientContext,
  type ClientId,
  type ClientSpec,
  type RoundTrip,
} from '../clients';
import { CommandId } from './commands';
import type { Services } from './services';

/** The clients whose configuration the command writes, in the order the pick shows them. */
const WRITABLE: readonly ClientId[] = ['claude-code', 'codex', 'gemini-cli', 'continue', 'roo-code'];

function clientContext(s: Services): ClientContext {
  return { home: os.homedir(), env: process.env, stateDir: s.stateDir };
}

export async function connectClient(s: Services): Promise<void> {
  const other = vscode.l10n.t('Other clients (Cline, the SDKs, curl): values to copy');
  const labels = WRITABLE.map((id) => CLIENTS[id].label);
  const picked = await s.prompts.pick([...labels, other], vscode.l10n.t('Which client should use Antigravity Proxy?'));
  if (!picked) return;
  if (picked === other) return copyForOthers(s);
  const spec = CLIENTS[WRITABLE[labels.indexOf(picked)]];
  const model = await chooseModel(s, spec);
  if (model === null) return;
  await connect(s, spec, s.baseUrl, model);
}

/**
 * The model to write: required by Continue and Roo Code (picked from the proxy's list, or typed
 * when it lists none); optional for the others. null: the user cancelled.
 */
async function chooseModel(s: Services, spec: ClientSpec): Promise<string | undefined | null> {
  const models = await proxyModels(s.baseUrl, s.keys.key);
  const own = vscode.l10n.t("The client's own default model");
  if (models.length === 0) {
    if (!spec.requiresModel) return undefined;
    const typed = await s.prompts.input({
      title: vscode.l10n.t('{0} needs a model name', spec.label),
      prompt: vscode.l10n.t('The proxy lists no model yet. The model name {0} should ask for:', spec.label),
      ignoreFocusOut: true,
    });
    return typed?.trim() ? typed.trim() : null;
  }
  const items = spec.requiresModel ? models : [own, ...models];
  const m = await s.prompts.pick(items, vscode.l10n.t('Which model should {0} use?', spec.label));
  if (!m) return null;
  return m === own ? undefined : m;
}

/** Plans, shows, writes and proves one client's configuration; the round trip's result, undefined when nothing was written. */
async function connect(
  s: Services,
  spec: ClientSpec,
  origin: string,
  model: string | undefined,
  o: { confirm: boolean } = { confirm: true },
): Promise<RoundTrip | undefined> {
  const ctx = clientContext(s);
  const state = new ConnectedClients(s.stateDir);
  let plan;
  try {
    plan = planConnect(spec, ctx, { origin, key: s.keys.key, model }, state.get(spec.id));
  } catch (e) {
    if (!(e instanceof ConfigParseError)) throw e;
    // The parser's message names the file and the place; it stays in English, like the CLI's.
    void vscode.window.showErrorMessage(vscode.l10n.t('Antigravity Proxy: {0} was not changed: {1}', spec.label, e.message));
    return undefined;
  }
  if (plan.changes.length > 0) {
    if (o.confirm) {
      const diff = renderDiff(plan.changes, [s.keys.key]);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: diff, language: 'diff' }), {
        preview: true,
        viewColumn: vscode.ViewColumn.Beside,
      });
      const files = plan.changes.map((c) => c.path).join('\n');
      const notes = plan.notes.length ? `\n\n${plan.notes.join('\n')}` : '';
      const ok = await s.prompts.confirm(
        vscode.l10n.t('Write the changes shown beside to {0}?', spec.label),
        vscode.l10n.t('Files (a dated backup of each is kept; the proxy key is masked in the diff and will be stored in the file):\n{0}', files) + notes,
        vscode.l10n.t('Write'),
      );
      if (!ok) return undefined;
    }
    const written = applyPlan(plan, s.stateDir);
    for (const w of written) s.log.info(`${spec.label}: ${w.deleted ? 'removed' : 'wrote'} ${w.path}${w.backup ? ` (backup ${w.backup})` : ''}`);
  } else if (!state.get(spec.id) && plan.record) {
    state.put(plan.record);
  }
  if (spec.id === 'roo-code') {
    const dot = ROO_IMPORT_SETTING.indexOf('.');
    await vscode.workspace
      .getConfiguration(ROO_IMPORT_SETTING.slice(0, dot))
      .update(ROO_IMPORT_SETTING.slice(dot + 1), rooImportFile(ctx), vscode.ConfigurationTarget.Global);
  }
  const ep = spec.endpoint(plan.get, ctx);
  const r: RoundTrip = ep
    ? await roundTrip(spec.protocol, ep, { origin, proxyKey: s.keys.key, host: 'vscode' })
    : { ok: false, message: vscode.l10n.t('the written configuration could not be read back') };
  s.log.info(`${spec.label}: round trip ${r.ok ? ('model' in r ? `answered by ${r.model}` : 'auth only') : `failed: ${r.message}`}`);
  if (o.confirm) void showResult(spec, r, plan.changes.length === 0);
  return r;
}

async function showResult(spec: ClientSpec, r: RoundTrip, unchanged: boolean): Promise<void> {
  const already = unchanged ? vscode.l10n.t('{0} was already connected.', spec.label) + ' ' : '';
  if (r.ok && 'model' in r) {
    void vscode.window.showInformationMessage(
      already + vscode.l10n.t('{0} is connected: its request through the proxy was answered by model {1}.', spec.label, r.model),
    );
  } else if (r.ok) {
    const why =
      r.authOnly === 'no-upstream'
        ? vscode.l10n.t('No upstream is configured, so no model request was made.')
        : vscode.l10n.t('The proxy lists no model, so no model request was made.');
    void vscode.window.showInformationMessage(already + vscode.l10n.t('{0} is connected: the proxy accepts its key.', spec.label) + ' ' + why);
  } else {
    const diagnose = vscode.l10n.t('Diagnose 401');
    const detail = [r.status ? `HTTP ${r.status}${r.reason ? ` (${r.reason})` : ''}: ${r.message}` : r.message, r.diagnosis].filter(Boolean).join(' ');
    const a = await vscode.window.showErrorMessage(
      vscode.l10n.t("{0}'s configuration was written, but its request through the proxy failed: {1}", spec.label, detail),
      diagnose,
    );
    if (a === diagnose) void vscode.commands.executeCommand(CommandId.Diagnose401);
  }
}

/** Cline, the SDKs, curl: a value to copy (the key among them, never shown). */
async function copyForOthers(s: Services): Promise<void> {
  const entries = copyValues(s.baseUrl, s.keys.key).flatMap((c) =>
    c.values.map((v) => ({ label: `${c.client}: ${v.label}${v.secret ? '' : ` = ${v.value}`}`, v })),
  );
  const picked = await s.prompts.pick(
    entries.map((e) => e.label),
    vscode.l10n.t('Pick a value to copy'),
  );
  const entry = entries.find((e) => e.label === picked);
  if (!entry) return;
  await vscode.env.clipboard.writeText(entry.v.value);
  void vscode.window.showInformationMessage(
    entry.v.secret
      ? vscode.l10n.t('Antigravity Proxy: copied {0} (it holds the proxy key).', entry.v.label)
      : vscode.l10n.t('Antigravity Proxy: copied {0}.', entry.v.value),
  );
}

/**
 * After the proxy key changed: the connected clients hold the old one. Offers to write the new key
 * into each (same origin and model as before), then says which ones now work.
 */
export async function reconnectClients(s: Services): Promise<void> {
  const records = new ConnectedClients(s.stateDir).list();
  if (records.length === 0) return;
  const names = records.map((r) => CLIENTS[r.client].label).join(', ');
  const update = vscode.l10n.t('Update Them');
  const a = await vscode.window.showInformationMessage(vscode.l10n.t('Connected clients still hold the old key: {0}.', names), update);
  if (a !== update) return;
  const results: string[] = [];
  for (const r of records) {
    const spec = CLIENTS[r.client];
    const rt = await connect(s, spec, r.origin, r.model, { confirm: false });
    results.push(`${spec.label}: ${rt?.ok ? vscode.l10n.t('updated') : vscode.l10n.t('failed (see the log)')}`);
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('Antigravity Proxy: {0}', results.join('; ')));
}
