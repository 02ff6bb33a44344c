// What the proxy learns about upstreams from their answers, kept for the process's life (never
// written anywhere): a model's output limit read out of a "max_tokens too large" 400, the 400 that
// made a request be repaired (a reasoning field the model lacks: repeated on every request, it
// would cost a round trip each time), and that a server has no Responses API (it answered
// /responses with 404 or 405). Keyed by the upstream's
// name and base URL, so a changed configuration starts afresh; bounded, oldest entries first out.
import type { Upstream } from './routing';
import { knownOutputLimit, limitFromError } from '../translate/limits';

const CAPACITY = 1000;

export class Learned {
  private readonly limits = new Map<string, number>();
  private readonly repairs = new Map<string, string>();
  private readonly noResponses = new Set<string>();

  private static key(u: Upstream, model = ''): string {
    return `${u.config.name}\u0000${u.config.baseUrl}\u0000${model}`;
  }

  /** The model's output limit: the one the proxy knows by name, else one this upstream told. */
  outputLimit(u: Upstream, model: string): number | undefined {
    return knownOutputLimit(model) ?? this.limits.get(Learned.key(u, model));
  }

  /**
   * After a 400: the limit its message names when the request asked for more (remembered for the
   * next requests), else undefined.
   */
  limitFrom400(u: Upstream, model: string, requested: number | undefined, errorText: string): number | undefined {
    const limit = limitFromError(errorText);
    if (limit === undefined || requested === undefined || requested <= limit) return undefined;
    if (this.limits.size >= CAPACITY) this.limits.delete(this.limits.keys().next().value as string);
    this.limits.set(Learned.key(u, model), limit);
    return limit;
  }

  /** The 400 text a request for this model was repaired after (providers/<kind>/repair.ts), to repair the next ones up front. */
  repairedAfter(u: Upstream, model: string): string | undefined {
    return this.repairs.get(Learned.key(u, model));
  }

  rememberRepair(u: Upstream, model: string, errorText: string): void {
    if (this.repairs.size >= CAPACITY) this.repairs.delete(this.repairs.keys().next().value as string);
    this.repairs.set(Learned.key(u, model), errorText.slice(0, 2000));
  }

  /** Did this upstream answer /responses with "no such route"? */
  lacksResponsesApi(u: Upstream): boolean {
    return this.noResponses.has(Learned.key(u));
  }

  markLacksResponsesApi(u: Upstream): void {
    if (this.noResponses.size >= CAPACITY) this.noResponses.delete(this.noResponses.values().next().value as string);
    this.noResponses.add(Learned.key(u));
  }
}
