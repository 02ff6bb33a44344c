// What the dashboard panel shows in VS Code, from this window's pieces (issue 15): the core builds
// the state (dashboardState: the proxy's diagnostics snapshot for auth, LAN and the 401s by
// reason, its key pools, the usage store kept in the extension's global storage); the records come
// from the store as the proxy answers; the fixes and the diagnosis are the ones Diagnose 401 runs.
import { dashboardState } from '../proxy';
import type { DashboardData } from './dashboardPanel';
import { copyReport, runDiagnosis } from './diagnoseCommand';
import { runFix } from './fixes';
import type { Services } from './services';

export function dashboardData(s: Services): DashboardData {
  return {
    state: () => dashboardState({ snapshot: s.server.diagnostics(), url: s.baseUrl, pool: s.server.poolStatus(), usage: s.usage?.query(), host: 'vscode' }),
    subscribe: (onRecord) => s.usage?.subscribe(onRecord) ?? (() => undefined),
    runFix,
    diagnose: () => runDiagnosis(s),
    copyReport: (report) => copyReport(s, report),
  };
}
