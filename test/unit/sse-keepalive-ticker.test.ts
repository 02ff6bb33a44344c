// SSE keep-alive pings (routes/keepAlive.ts): one shared timer checks every open stream; a silent
// stream is pinged once per interval, a stream with data is not, a stopped or finished one never
// again, and nothing is pinged before its first interval has passed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { SseKeepAlive } from '../../src/proxy/routes/keepAlive';

function fakeResponse(): ServerResponse & { pings: number; status: number } {
  const r = {
    pings: 0,
    status: 0,
    headersSent: false,
    writableEnded: false,
    destroyed: false,
    writeHead(status: number) {
      r.status = status;
      r.headersSent = true;
      return r;
    },
    write(text: string) {
      if (text === ': ping\n\n') r.pings++;
      return true;
    },
  };
  return r as unknown as ServerResponse & { pings: number; status: number };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('silent streams are pinged each interval, busy, stopped and ended ones are not', async () => {
  const interval = 40;
  const silent = fakeResponse();
  const busy = fakeResponse();
  const stopped = fakeResponse();
  const ended = fakeResponse();
  const a = new SseKeepAlive(silent, interval);
  const b = new SseKeepAlive(busy, interval);
  const c = new SseKeepAlive(stopped, interval);
  const d = new SseKeepAlive(ended, interval);
  c.stop();
  (ended as unknown as { writableEnded: boolean }).writableEnded = true;
  await sleep(interval / 2);
  assert.equal(silent.pings, 0, 'nothing before the first interval');
  const flow = setInterval(() => (b.flowing = true), 5);
  try {
    await sleep(interval * 5);
  } finally {
    clearInterval(flow);
    a.stop();
    b.stop();
    d.stop();
  }
  assert.ok(silent.pings >= 2 && silent.pings <= 6, `about one ping per interval (${silent.pings})`);
  assert.equal(silent.status, 200, 'the first ping commits the 200');
  assert.equal(busy.pings, 0, 'data kept flowing');
  assert.equal(stopped.pings, 0);
  assert.equal(ended.pings, 0);
  const after = silent.pings;
  await sleep(interval * 2);
  assert.equal(silent.pings, after, 'no ping after stop()');
});
