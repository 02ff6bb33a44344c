// The dashboard webview's view type: the panel serializer is registered under it in activate()
// (which loads no core) and package.json activates the extension on `onWebviewPanel:` it, so a
// dashboard left open comes back after a window reload (issue 15).
export const DASHBOARD_VIEW_TYPE = 'antigravity.dashboard';
