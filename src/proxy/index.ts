// The core's public surface: the only module the hosts (src/cli, src/extension) and the shared
// client writers (src/clients) import, so the core's inner layout can change without breaking
// them. Names exported here stay stable.
export * from './config';
export * from './envUpstreams';
export * from './keys';
export * from './logger';
export * from './gate/auth';
export * from './errors';
export * from './gate/rejectionLog';
export { detectProtocol } from './routes/table';
export { errorBody, sendError, streamErrorEvent } from './respond';
export { ListenError } from './listen/bind';
export { ProxyServer, VERSION, type ProxyServerOptions, type ProxyStats, type RequestEvent, type RejectionEvent, type ServerState } from './server';
export type { PoolStatus, UpstreamPoolStatus } from './pool/registry';
export type { KeyChange, KeyStatus, KeyState } from './pool/keyPool';
export { isLoopback, isLoopbackHost } from './loopback';
export { writeFileAtomicSync } from './atomicFile';
export * from './diagnose';
export { useTranslations } from './l10n';
export { fetchSnapshot } from './diagnose/fetchSnapshot';
export { vocabularyFor } from './diagnose/vocabulary';
// The diagnosis' one-shot GET and its "is this our proxy" check (the extension's port probe).
export { probe, isOurs, type ProbeResult } from './diagnose/probe';
export { buildDiagnosticsSnapshot } from './diagnose/snapshot';
// For hosts that serve a provider in-process (issue 13): the interface and the IR it speaks.
export type { InProcessAnswer, InProcessCall, InProcessModel, InProcessProvider } from './providers/inProcess';
export type { IRRequest, IRResponse, IRMessage, IRPart, IRTool, IRToolChoice, IRStreamEvent, IRStopReason, IRUsage } from './translate/ir';
export { makeId, parseArguments } from './translate/ir';
export { estimateTokens } from './translate/estimate';
// Usage statistics (issue 15).
export * from './usage';
