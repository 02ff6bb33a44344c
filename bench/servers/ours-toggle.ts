// Our proxy as the CLI starts it (`antigravity-proxy start ...`, the same main()), plus a switch for
// the benchmark: the parent sends a state over IPC, the usage recording is put in it, then "ok"
// comes back. "off" and "on" detach and attach the running server's 'request' listeners (exactly
// what ANTIGRAVITY_USAGE=off leaves out). What recording costs is then measured in one process,
// whose compiled code and heap are the same for both halves of every pair: two processes, even two
// identical ones, differ by themselves (+14.8% in a null run here; bench/lib/recording.ts).
// Two more states take recording apart for `npm run bench:rec-parts` (bench/rec-parts.ts):
//   on:no-store  a 'request' listener that does nothing: the answer is scanned for its token counts
//                and its record made and emitted, but the usage store never sees it;
//   on:no-scan   recording on, with the token scanner's methods doing nothing: records come
//                without token counts.
// Bundled by bench/lib/targets.ts with esbuild, as dist/cli.js is: the bundle is the main module,
// so src/cli/main.ts starts itself (its `require.main === module`), as in dist/cli.js.
import type { EventEmitter } from 'node:events';
import { ProxyServer } from '../../src/proxy/server';
import { UsageScanner } from '../../src/proxy/usage/tokens';
import { TOGGLE_STATES } from '../lib/toggleStates';
import '../../src/cli/main';

const servers: ProxyServer[] = [];
const start = ProxyServer.prototype.start;
ProxyServer.prototype.start = function (this: ProxyServer) {
  servers.push(this);
  return start.call(this);
};

// The scanner's feeding methods, as shipped, and the ones on:no-scan puts in their place.
type Feeding = Pick<UsageScanner, 'push' | 'keep' | 'endBody'>;
const scanner = UsageScanner.prototype as Feeding;
const shipped: Feeding = { push: scanner.push, keep: scanner.keep, endBody: scanner.endBody };
const idle: Feeding = { push: () => undefined, keep: () => undefined, endBody: () => undefined };
const ignore = (): void => undefined;
// Whether the idle ones are in place. Only a change of it writes to the prototype: a write there
// can make V8 drop optimized code that inlined the methods, which the verdict's on/off switching
// must not cause.
let scanIdle = false;

let recorders: Array<(...args: unknown[]) => void> | undefined;
process.on('message', (m) => {
  if (servers.length !== 1) {
    process.send?.(`${servers.length} servers started, expected 1`);
    return;
  }
  if (!(TOGGLE_STATES as readonly unknown[]).includes(m)) {
    process.send?.(`unknown state ${JSON.stringify(m)}: one of ${TOGGLE_STATES.join(', ')}`);
    return;
  }
  const s: EventEmitter = servers[0];
  recorders ??= s.listeners('request') as Array<(...args: unknown[]) => void>;
  s.removeAllListeners('request');
  if ((m === 'on:no-scan') !== scanIdle) {
    scanIdle = !scanIdle;
    Object.assign(scanner, scanIdle ? idle : shipped);
  }
  if (m === 'on:no-store') s.on('request', ignore);
  else if (m !== 'off') for (const l of recorders) s.on('request', l);
  process.send?.(recorders.length > 0 ? 'ok' : 'the proxy records no usage (ANTIGRAVITY_USAGE=off?)');
});
// The CLI keeps running until SIGTERM; the IPC channel must not keep it alive after that.
process.channel?.unref();
