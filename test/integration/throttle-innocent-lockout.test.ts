// Security regression (issue 12 item 7): the throttle counted IPv6 peers per /64, so one host
// sending wrong keys got its neighbour refused (429) even with the right key, while a client
// rotating /64s was never throttled; and a flood of new addresses could evict a blocked entry. Now
// an address is blocked for its own failures only, wrong keys arriving from many addresses at once
// have their 401 held back (the right key is answered at once), and blocks survive any flood.
// Network peers are played by loopback source addresses (127.0.0.2 and up) made non-exempt here;
// the IPv6 cases are in test/unit/throttle.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy, TEST_KEY } from '../helpers';

const TARPIT_MS = 1_500;

test("another address's failures never refuse or slow a client with the right key; rotating addresses get their wrong keys held back", async (t) => {
  const p = await startProxy(
    t,
    { authMode: 'strict' },
    { throttle: { exempt: (a) => a === '127.0.0.1' || a === '::ffff:127.0.0.1', pressureFailures: 30, tarpitMs: TARPIT_MS } },
  );
  const from = (addr: string, key: string) => request(`${p.url}/v1/models`, { localAddress: addr, headers: { authorization: `Bearer ${key}` } });

  // One address guesses until it is blocked: 429 for it, whatever it sends.
  let r = await from('127.0.0.2', 'guess-0');
  for (let i = 1; i < 25 && r.status !== 429; i++) r = await from('127.0.0.2', `guess-${i}`);
  assert.equal(r.status, 429);
  assert.equal((await from('127.0.0.2', TEST_KEY)).status, 429, 'its own guesses must not learn anything');
  // Its neighbour, with the right key: served.
  assert.equal((await from('127.0.0.3', TEST_KEY)).status, 200);

  // An attacker rotating addresses, each well under its own limit: once wrong keys from the
  // network pass the pressure limit, every wrong key's answer is held back.
  for (let i = 10; i < 20; i++) assert.equal((await from(`127.0.0.${i}`, 'rotating-guess')).status, 401);
  const started = Date.now();
  const held = await from('127.0.0.40', 'rotating-guess');
  const heldMs = Date.now() - started;
  assert.equal(held.status, 401);
  assert.ok(heldMs >= TARPIT_MS - 50, `the wrong key was answered after ${heldMs} ms`);
  // Meanwhile a new address with the right key is neither refused nor held back.
  const t0 = Date.now();
  const innocent = await from('127.0.0.41', TEST_KEY);
  assert.equal(innocent.status, 200);
  assert.ok(Date.now() - t0 < TARPIT_MS, 'the right key is answered at once');
  // Loopback (exempt) is never held back.
  const t1 = Date.now();
  assert.equal((await request(`${p.url}/v1/models`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
  assert.ok(Date.now() - t1 < TARPIT_MS);
});

test('a client that goes away while its 401 is held back leaves no timer behind', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' }, { throttle: { exempt: () => false, pressureFailures: 1, tarpitMs: 60_000 } });
  await request(`${p.url}/v1/models`, { headers: { authorization: 'Bearer wrong' } });
  const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const before = timers();
  await assert.rejects(request(`${p.url}/v1/models`, { headers: { authorization: 'Bearer wrong' }, timeoutMs: 300 }), /timed out/);
  let after = timers();
  for (let i = 0; i < 20 && after > before; i++) {
    await new Promise((r) => setTimeout(r, 25));
    after = timers();
  }
  assert.ok(after <= before, `timers: ${before} before, ${after} after the client left`);
});
