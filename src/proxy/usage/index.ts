// Usage statistics (issue 15): the request record, the token extractor, the store, and the data and
// page shell of the dashboard. Core: no vscode.
export { CLIENT_FAMILIES, classifyClient, clientLabel, type ClientFamily } from './client';
export { buildRecord, routeOf, safeText, type RecordInput, type SafeText, type UsageRecord } from './record';
export { extractUsage, UsageScanner, type TokenCounts } from './tokens';
export { parseDay, type DayRow, type UsageSummary, type UsageTotals } from './rollup';
export { readUsage, resetUsage, UsageStore, type UsageQuery, type UsageStoreOptions } from './store';
export {
  ACTIONS,
  parseHostMessage,
  parsePageMessage,
  type DashboardState,
  type DiagnosisView,
  type HostMessage,
  type PageMessage,
  type RejectionGroup,
} from './dashboard';
export { dashboardState, diagnosisView, rejectionGroups, type DashboardInputs } from './dashboardState';
export { dashboardHtml, type DashboardPageOptions } from './dashboardPage';
export { DashboardSessions } from './sessions';
