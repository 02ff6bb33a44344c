// The model ids the proxy lists (OpenAI's GET /v1/models, with the proxy's key): what a client that
// needs a model name can be given (Continue, Roo Code), for the CLI's default and the VS Code pick.
import { jsonOf, send } from './http';
import { PROTOCOLS } from './protocols';

/** The proxy's models, or [] when it does not answer (or lists none). */
export async function proxyModels(origin: string, key: string, timeoutMs = 5000): Promise<string[]> {
  const p = PROTOCOLS['openai-chat'];
  try {
    const a = await send('GET', p.modelsUrl(`${origin}/v1`), p.headers(key), undefined, timeoutMs);
    return a.status === 200 ? p.modelIds((jsonOf(a) ?? {}) as Record<string, unknown>) : [];
  } catch {
    return [];
  }
}
