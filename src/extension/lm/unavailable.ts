// The `vscode-lm` kind on an editor without the Language Model API (issue 13; support.ts says why):
// registered in place of the bridge, so that an upstream of this kind in the settings is still a
// valid configuration (every other upstream keeps working) and the requests routed to it get a
// 503 that says why, in the client's protocol. It offers no model, so nothing else routes to it.
import type { InProcessModel, InProcessProvider } from '../../proxy';
import { lmUnavailable } from './errors';
import { LM_KIND } from '../settings';

export class UnavailableLmProvider implements InProcessProvider {
  readonly kind = LM_KIND;

  constructor(private readonly reason: string) {}

  async listModels(): Promise<InProcessModel[]> {
    return [];
  }

  async resolveModel(): Promise<never> {
    throw lmUnavailable(this.reason);
  }

  async chat(): Promise<never> {
    throw lmUnavailable(this.reason);
  }
}
