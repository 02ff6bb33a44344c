// Diagnose 401: the engine and its renderers, shared by the CLI and the VS Code host.
export * from './types';
export * from './codes';
export { diagnose, summarize } from './engine';
export { authModeReason } from './mode';
export { DIAGNOSE_USER_AGENT } from './probe';
export { DIAGNOSTICS_PATH } from './fetchSnapshot';
export { renderText, renderMarkdown, renderCopyReport } from './render';
