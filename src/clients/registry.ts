// The clients `connect` can configure, by id (a lookup, not an if-chain), and the values to copy
// for those whose configuration no other program can write (Cline, the SDKs, curl).
import { claudeCode } from './specs/claudeCode';
import { codex } from './specs/codex';
import { continueClient } from './specs/continue';
import { geminiCli } from './specs/geminiCli';
import { rooCode } from './specs/rooCode';
import type { ClientId, ClientSpec } from './types';

export const CLIENTS: Readonly<Record<ClientId, ClientSpec>> = {
  'claude-code': claudeCode,
  codex,
  'gemini-cli': geminiCli,
  continue: continueClient,
  'roo-code': rooCode,
};

/** The clients the CLI connects (Roo Code's import needs the VS Code host to set its setting). */
export const CLI_CLIENTS: readonly ClientId[] = ['claude-code', 'codex', 'gemini-cli', 'continue'];

export function clientById(id: string): ClientSpec | undefined {
  return Object.prototype.hasOwnProperty.call(CLIENTS, id) ? CLIENTS[id as ClientId] : undefined;
}

export interface CopyValue {
  label: string;
  value: string;
  secret?: boolean;
}

/** For the clients we cannot configure: what to paste where (the VS Code command offers these). */
export function copyValues(origin: string, key: string): Array<{ client: string; values: CopyValue[] }> {
  return [
    {
      client: 'Cline ("OpenAI Compatible" provider)',
      values: [
        { label: 'Base URL', value: `${origin}/v1` },
        { label: 'API Key', value: key, secret: true },
      ],
    },
    {
      client: 'OpenAI SDK / OPENAI_BASE_URL',
      values: [
        { label: 'baseURL', value: `${origin}/v1` },
        { label: 'apiKey', value: key, secret: true },
      ],
    },
    {
      client: 'Anthropic SDK / ANTHROPIC_BASE_URL',
      values: [
        { label: 'baseURL', value: origin },
        { label: 'apiKey or authToken', value: key, secret: true },
      ],
    },
    {
      client: 'Google GenAI SDK / GOOGLE_GEMINI_BASE_URL',
      values: [
        { label: 'httpOptions.baseUrl', value: origin },
        { label: 'apiKey', value: key, secret: true },
      ],
    },
    { client: 'curl', values: [{ label: 'command', value: `curl ${origin}/v1/models -H "Authorization: Bearer ${key}"`, secret: true }] },
  ];
}
