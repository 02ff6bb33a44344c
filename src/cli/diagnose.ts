// `antigravity-proxy diagnose [--url URL] [--state-dir DIR] [--json] [--send-key-to-remote]`
// (issue 4): runs the shared engine against a running proxy with the key from the state dir, sent
// to loopback addresses only unless --send-key-to-remote says otherwise (issue 12). Exit 0 when
// nothing failed, 1 otherwise. The --json shape is a public contract (README "Diagnose 401").
import fs from 'node:fs';
import { DEFAULT_PORT, type ProxyConfig, diagnose, renderText, type DiagnoseInput, type DiagnosisReport } from '../proxy';
import { loadConfig } from './configFile';
import { FileKeyStore, resolveStateDir } from './state';

export const DEFAULT_DIAGNOSE_URL = `http://127.0.0.1:${DEFAULT_PORT}`;

export interface DiagnoseIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Record<string, string | undefined>;
}

/** The --json document: the effective mode and the findings, each exactly {code,status,title,detail,fix}. */
export function jsonReport(r: DiagnosisReport): unknown {
  return {
    effectiveAuthMode: r.effectiveAuthMode,
    findings: r.findings.map(({ code, status, title, detail, fix }) => ({ code, status, title, detail, fix })),
    summary: r.summary,
  };
}

function readKey(stateDir: string): { key?: string; keySource: string } {
  const store = new FileKeyStore(stateDir);
  // Never create a key here: a diagnosis must not change what it diagnoses.
  if (!fs.existsSync(store.keyFile)) return { keySource: `${store.keyFile} (missing)` };
  return { key: store.current().key, keySource: store.keyFile };
}

function configHint(explicit: string | undefined, stateDir: string, env: Record<string, string | undefined>): DiagnoseInput['config'] {
  const { config, file }: { config: ProxyConfig; file?: string } = loadConfig(explicit, stateDir, env, {});
  // Without a file the proxy may run with any flags: claim nothing rather than the defaults.
  return file ? { port: config.port, authMode: config.authMode, allowLanAccess: config.allowLanAccess } : undefined;
}

export async function runDiagnose(values: Record<string, string | boolean | undefined>, io: DiagnoseIo): Promise<number> {
  const stateDir = resolveStateDir(values['state-dir'] as string | undefined, io.env);
  const config = configHint(values.config as string | undefined, stateDir, io.env);
  // Without --url: the port the configuration file names, else 8045 (what `start` would use).
  const url = (values.url as string | undefined) ?? (config?.port ? `http://127.0.0.1:${config.port}` : DEFAULT_DIAGNOSE_URL);
  const { key, keySource } = readKey(stateDir);
  // The key goes to loopback addresses only, unless the user says otherwise (issue 12).
  const report = await diagnose({ baseUrl: url, key, keySource, config, host: 'cli', sendKeyToRemote: values['send-key-to-remote'] === true });
  io.out(values.json ? JSON.stringify(jsonReport(report), null, 2) + '\n' : renderText(report));
  return report.summary.fail === 0 ? 0 : 1;
}
