// The one command table: package.json `contributes.commands` must list exactly these (the drift
// test in test/host checks it), and main.ts registers a handler for each from here.

/** What the commands act on (implemented by ProxyController). */
export interface CommandTarget {
  startProxy(): Promise<void>;
  stopProxy(): Promise<void>;
  restartProxy(): Promise<void>;
  regenerateKey(): Promise<void>;
  setKey(): Promise<void>;
  copyKey(): Promise<void>;
  copyBaseUrl(): Promise<void>;
  setUpstreamKey(): Promise<void>;
  diagnose401(): Promise<void>;
  showLog(): void;
  showActions(): Promise<void>;
}

export interface CommandSpec {
  command: string;
  /** The palette shows "Antigravity: <title>" (category CATEGORY). */
  title: string;
  icon?: string;
  /** Listed in the status-bar quick pick. */
  inMenu: boolean;
  run: (t: CommandTarget) => unknown;
}

export const CATEGORY = 'Antigravity';

export const COMMANDS: readonly CommandSpec[] = [
  { command: 'antigravity.start', title: 'Start Proxy', icon: '$(play)', inMenu: true, run: (t) => t.startProxy() },
  { command: 'antigravity.stop', title: 'Stop Proxy', icon: '$(debug-stop)', inMenu: true, run: (t) => t.stopProxy() },
  { command: 'antigravity.restart', title: 'Restart Proxy', icon: '$(debug-restart)', inMenu: true, run: (t) => t.restartProxy() },
  { command: 'antigravity.copyBaseUrl', title: 'Copy Base URL', icon: '$(link)', inMenu: true, run: (t) => t.copyBaseUrl() },
  { command: 'antigravity.copyKey', title: 'Copy API Key', icon: '$(key)', inMenu: true, run: (t) => t.copyKey() },
  { command: 'antigravity.regenerateKey', title: 'Regenerate API Key', icon: '$(refresh)', inMenu: true, run: (t) => t.regenerateKey() },
  { command: 'antigravity.setKey', title: 'Set API Key…', icon: '$(edit)', inMenu: true, run: (t) => t.setKey() },
  { command: 'antigravity.setUpstreamKey', title: 'Set Upstream API Key…', icon: '$(cloud)', inMenu: true, run: (t) => t.setUpstreamKey() },
  { command: 'antigravity.diagnose401', title: 'Diagnose 401', icon: '$(question)', inMenu: true, run: (t) => t.diagnose401() },
  { command: 'antigravity.showLog', title: 'Show Log', icon: '$(output)', inMenu: true, run: (t) => t.showLog() },
  { command: 'antigravity.showActions', title: 'Show Proxy Actions', inMenu: false, run: (t) => t.showActions() },
];
