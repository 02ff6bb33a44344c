// The core's public surface, shared by the CLI and the VS Code host.
export * from './config';
export * from './keys';
export * from './logger';
export * from './auth';
export * from './errors';
export * from './rejections';
export { ListenError } from './listen';
export { ProxyServer, VERSION, type ProxyServerOptions, type ProxyStats, type RequestEvent, type RejectionEvent, type ServerState } from './server';
export type { PoolStatus, UpstreamPoolStatus } from './pool/registry';
export type { KeyChange, KeyStatus, KeyState } from './pool/keyPool';
export * from './diagnose';
export { buildDiagnosticsSnapshot } from './diagnostics';
export { useTranslations } from './l10n';
// The internal representation, for in-process providers implemented by a host (the VS Code
// host's vscode-lm bridge, issue 13).
export type { IRRequest, IRMessage, IRPart, IRTool, IRToolChoice, IRStreamEvent, IRStopReason, IRUsage } from './translate/ir';
export { makeId, parseArguments } from './translate/ir';
export { estimateTokens } from './translate/estimate';
// The diagnosis' one-shot GET and its "is this our proxy" check (the extension's port probe).
export { probe, isOurs, type ProbeResult } from './diagnose/probe';
