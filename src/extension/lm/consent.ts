// VS Code asks the user before an extension may use another extension's models (Copilot's, for
// one), and it asks inside `sendRequest`: the promise stays pending until the user answers. Once
// past the consent step, `sendRequest` returns as soon as the provider has been handed the request
// (the answer streams afterwards), so a `sendRequest` still pending after about a second is VS Code
// waiting for the user. This turns that into an event, so the first request of a client that needs
// consent does not hang silently: the status bar and the log say who waits for what (issue 13).

export interface ConsentWait {
  /** The editor model's id. */
  model: string;
  /** Who asked (from the User-Agent). */
  client: string;
  /** waiting: no answer yet after the delay; then allowed, or failed (refused, or the client left). */
  state: 'waiting' | 'allowed' | 'failed';
}

export const CONSENT_HINT_MS = 1000;

/** Runs `pending`, announcing a wait when it takes longer than `delayMs` and how it ended. */
export async function watchConsent<T>(
  pending: Thenable<T>,
  who: { model: string; client: string },
  announce: (e: ConsentWait) => void,
  delayMs = CONSENT_HINT_MS,
): Promise<T> {
  let waited = false;
  const tell = (state: ConsentWait['state']): void => announce({ model: who.model, client: who.client, state });
  const timer = setTimeout(() => {
    waited = true;
    tell('waiting');
  }, delayMs);
  try {
    const value = await pending;
    if (waited) tell('allowed');
    return value;
  } catch (e) {
    if (waited) tell('failed');
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
