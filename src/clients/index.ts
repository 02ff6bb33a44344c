// Connect a client (issue 14): the configuration writers, plans, state and the round trip that
// both hosts use. The CLI's `connect`/`disconnect` and the VS Code command are thin on top.
export * from './types';
export { CLIENTS, CLI_CLIENTS, clientById, copyValues, type CopyValue } from './registry';
export { planConnect, planDisconnect, type Plan, type FileChange } from './plan';
export { applyPlan, type Written } from './apply';
export { renderDiff } from './diff';
export { ConnectedClients, type ClientRecord } from './state';
export { roundTrip, describeRoundTrip, type RoundTrip } from './roundTrip';
export { ConfigParseError } from './docs';
export { ROO_IMPORT_SETTING, rooImportFile } from './specs/rooCode';

/** The proxy's origin from a base URL a user may give with or without /v1 (or /v1beta). */
export function originOf(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`${url} is not an http:// URL`);
  const path = u.pathname.replace(/\/+$/, '').replace(/\/v1(beta)?$/, '');
  return `${u.protocol}//${u.host}${path}`;
}
export { reconnectCommands } from './reconnect';
export { proxyModels } from './models';
