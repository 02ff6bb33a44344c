// The notifications the proxy raises on its own (the commands' answers are in their handlers):
// errors with the actions that help, the notice for a client that keeps being refused, and the
// warning when LAN access is on while auth is effectively off. Each one is rate-limited or shown
// once per situation, so a user is told, not nagged.
import * as vscode from 'vscode';
import { type EffectiveAuth, type ProxyConfig, type RejectionEvent } from '../proxy';
import { CommandId } from './commands';
import { SECTION } from './settings';
import { lanWithoutAuth } from './statusView';

/** A client is refused "repeatedly" at this many 401s within REPEAT_WINDOW_MS: one typo does not nag. */
const REPEATED_REJECTIONS = 3;
const REPEAT_WINDOW_MS = 2 * 60_000;
/** At most one rejection notice per this interval. */
const REJECTION_NOTICE_EVERY_MS = 5 * 60_000;

export class Notifier {
  private lastLanWarning = '';
  private lastRejectionNotice = -Infinity;
  private recentRejections: number[] = [];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly extensionId: string,
  ) {}

  /** An error notification (shown when `show`): Open Settings / Show Log. */
  async error(message: string, show = true): Promise<void> {
    if (!show) return;
    const openSettings = vscode.l10n.t('Open Settings');
    const showLog = vscode.l10n.t('Show Log');
    const a = await vscode.window.showErrorMessage(message, openSettings, showLog);
    if (a === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${this.extensionId}`);
    if (a === showLog) this.log.show();
  }

  /** A 401 (the core already logged it with its reason code): a notice when they keep coming. */
  rejection(e: RejectionEvent): void {
    const now = Date.now();
    this.recentRejections = [...this.recentRejections.filter((t) => now - t < REPEAT_WINDOW_MS), now].slice(-REPEATED_REJECTIONS);
    if (this.recentRejections.length < REPEATED_REJECTIONS) return;
    if (now - this.lastRejectionNotice < REJECTION_NOTICE_EVERY_MS) return;
    this.lastRejectionNotice = now;
    const diagnose = vscode.l10n.t('Diagnose 401');
    const copyKey = vscode.l10n.t('Copy API Key');
    void vscode.window
      .showWarningMessage(vscode.l10n.t('Antigravity Proxy keeps refusing requests (last: {0}, 401 {1}).', e.path.slice(0, 80), e.reason), diagnose, copyKey)
      .then((a) => {
        if (a === diagnose) void vscode.commands.executeCommand(CommandId.Diagnose401);
        if (a === copyKey) void vscode.commands.executeCommand(CommandId.CopyKey);
      });
  }

  /** After every start and settings change: warns once per port/LAN/auth combination. */
  lanWithoutAuth(config: ProxyConfig, effective: EffectiveAuth): void {
    if (!lanWithoutAuth({ config, effective })) {
      this.lastLanWarning = '';
      return;
    }
    const sig = `${config.port}|${config.allowLanAccess}|${config.authMode}`;
    if (sig === this.lastLanWarning) return;
    this.lastLanWarning = sig;
    this.log.warn('LAN access is on and authentication is off: anyone on the network can use the proxy and its upstream keys');
    const requireKey = vscode.l10n.t('Require a key');
    const lanOff = vscode.l10n.t('Turn LAN access off');
    void vscode.window
      .showWarningMessage(
        vscode.l10n.t(
          'Antigravity Proxy: LAN access is on and authentication is off. Anyone on your network can use your upstream API keys through this proxy.',
        ),
        requireKey,
        lanOff,
      )
      .then((a) => {
        const c = vscode.workspace.getConfiguration(SECTION);
        if (a === requireKey) void c.update('authMode', 'all_except_health', vscode.ConfigurationTarget.Global);
        if (a === lanOff) void c.update('allowLanAccess', false, vscode.ConfigurationTarget.Global);
      });
  }
}
