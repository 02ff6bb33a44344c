// The in-process providers' model lists (providers/inProcess.ts InProcessProviders): routing asks
// for them on every model request, so each provider is listed once and the list kept until the
// provider says it changed (issue 13: vscode.lm.onDidChangeChatModels). An empty list is asked
// for again after a second, a failed listing at once, and a provider without the event every time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_LIST_RETRY_MS, InProcessProviders, type InProcessModel, type InProcessProvider } from '../../src/proxy/providers/inProcess';

const model = (id: string): InProcessModel => ({ id, name: id, vendor: 'v', family: id });

/** A provider whose list is `models` (or a failure), counting how often it is listed. */
function provider(o: { event?: boolean; models?: InProcessModel[] | Error } = {}) {
  const listeners = new Set<() => void>();
  const p = {
    kind: 'k',
    models: o.models ?? [model('a'), model('b')],
    listed: 0,
    async listModels() {
      p.listed++;
      if (p.models instanceof Error) throw p.models;
      return p.models;
    },
    async resolveModel() {
      return { id: 'a', reason: 'test' };
    },
    async chat(): Promise<never> {
      throw new Error('not used');
    },
    /** The provider's list changed. */
    change: () => listeners.forEach((l) => l()),
    listeners,
  };
  const withEvent: InProcessProvider & typeof p =
    o.event === false ? p : Object.assign(p, { onDidChangeModels: (l: () => void) => (listeners.add(l), { dispose: () => listeners.delete(l) }) });
  return withEvent;
}

test('listed once and kept until the provider says the list changed; concurrent callers share one listing', async () => {
  const p = provider();
  const reg = new InProcessProviders([p]);
  const [a, b, ids] = await Promise.all([reg.models('k'), reg.models('k'), reg.ids('k')]);
  assert.equal(p.listed, 1);
  assert.deepEqual(
    a.map((m) => m.id),
    ['a', 'b'],
  );
  assert.equal(a, b);
  assert.deepEqual([...ids], ['a', 'b']);
  for (let i = 0; i < 50; i++) await reg.ids('k');
  assert.equal(p.listed, 1, 'not listed per request');
  p.models = [model('c')];
  p.change();
  assert.deepEqual([...(await reg.ids('k'))], ['c']);
  assert.equal(p.listed, 2);
  reg.dispose();
  assert.equal(p.listeners.size, 0, 'dispose unsubscribes');
});

test('an empty list is asked for again after EMPTY_LIST_RETRY_MS (providers activate lazily)', async () => {
  let now = 1000;
  const p = provider({ models: [] });
  const reg = new InProcessProviders([p], () => now);
  assert.deepEqual(await reg.models('k'), []);
  await reg.models('k');
  assert.equal(p.listed, 1);
  p.models = [model('late')];
  now += EMPTY_LIST_RETRY_MS;
  assert.deepEqual([...(await reg.ids('k'))], ['late']);
  assert.equal(p.listed, 2);
  now += 10 * EMPTY_LIST_RETRY_MS;
  await reg.ids('k');
  assert.equal(p.listed, 2, 'a list with models is kept');
});

test('a failed listing is not kept; a provider without the change event is listed every time', async () => {
  const failing = provider({ models: new Error('no API') });
  const reg = new InProcessProviders([failing]);
  await assert.rejects(reg.models('k'), /no API/);
  await assert.rejects(reg.ids('k'), /no API/);
  failing.models = [model('a')];
  assert.deepEqual([...(await reg.ids('k'))], ['a']);

  const plain = provider({ event: false });
  const reg2 = new InProcessProviders([plain]);
  await reg2.ids('k');
  await reg2.ids('k');
  assert.equal(plain.listed, 2);
});
