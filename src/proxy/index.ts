// The core's public surface: the only module the hosts (src/cli, src/extension) import, so the
// core's inner layout can change without breaking them. Names exported here stay stable.
export * from './config';
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
export * from './diagnose';
export { isOurs, probe, type ProbeResult } from './diagnose/probe';
export { buildDiagnosticsSnapshot } from './diagnose/snapshot';
// For hosts that serve a provider in-process (issue 13): the interface, the IR it speaks, and who is asking.
export type { InProcessAnswer, InProcessCall, InProcessModel, InProcessProvider } from './providers/inProcess';
export type { IRMessage, IRPart, IRRequest, IRResponse, IRStopReason, IRStreamEvent, IRTool, IRToolChoice, IRUsage } from './translate/ir';
export { clientFromUserAgent, type ClientIdentity } from './clients';
