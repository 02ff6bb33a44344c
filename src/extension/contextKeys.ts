// The context keys the extension sets with `setContext`, and the `when` clauses built from them, so
// the command palette and the status-bar menu offer what makes sense now (issue 16: no Stop Proxy
// once it is stopped, no Start Proxy while it runs). Pure: no `vscode` import. The command table
// (commands.ts) declares each command's visibility once; the drift test checks that package.json's
// `when` clauses are exactly the ones rendered here and use only keys the extension sets.
import type { EffectiveAuthMode } from '../proxy';
import type { Phase } from './statusView';

/** Every context key's value; the key VS Code sees is `antigravity.<name>`. */
export interface ContextValues {
  /** This window's proxy is listening (running, or running but not answering /healthz). */
  running: boolean;
  /** This window does not serve and does not try to (Stop Proxy, or autoStart off). */
  stopped: boolean;
  /** Another VS Code window serves the port; this one takes over when it closes. */
  servedElsewhere: boolean;
  /** The effective auth mode needs the proxy's API key (anything but `off`). */
  keyRequired: boolean;
}

export type ContextName = keyof ContextValues;

export const CONTEXT_PREFIX = 'antigravity.';

export function contextValues(phase: Phase, authMode: EffectiveAuthMode): ContextValues {
  return {
    running: phase === 'running' || phase === 'unhealthy',
    stopped: phase === 'stopped',
    servedElsewhere: phase === 'peer',
    keyRequired: authMode !== 'off',
  };
}

/** Shown when every `when` key is true and every `unless` key is false (a conjunction). */
export interface Visibility {
  when?: readonly ContextName[];
  unless?: readonly ContextName[];
}

/** The `when` clause VS Code evaluates, e.g. `!antigravity.running && !antigravity.servedElsewhere`. */
export function whenClause(v: Visibility): string {
  return [...(v.when ?? []).map((k) => CONTEXT_PREFIX + k), ...(v.unless ?? []).map((k) => `!${CONTEXT_PREFIX}${k}`)].join(' && ');
}

/** The same clause evaluated here (the status-bar menu, which is a quick pick, not a VS Code menu). */
export function isVisible(v: Visibility | undefined, ctx: ContextValues): boolean {
  return (v?.when ?? []).every((k) => ctx[k]) && (v?.unless ?? []).every((k) => !ctx[k]);
}
