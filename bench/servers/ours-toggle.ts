// Our proxy as the CLI starts it (`antigravity-proxy start ...`, the same main()), plus a switch for
// the benchmark: the parent sends "off" or "on" over IPC and the usage recording is detached from
// or attached to the running server (its 'request' listeners, exactly what ANTIGRAVITY_USAGE=off
// leaves out), then "ok" comes back. What recording costs is then measured in one process, whose
// compiled code and heap are the same for both halves of every pair: two processes, even two
// identical ones, differ by themselves (+14.8% in a null run here; bench/lib/recording.ts).
// Bundled by bench/lib/targets.ts with esbuild, as dist/cli.js is: the bundle is the main module,
// so src/cli/main.ts starts itself (its `require.main === module`), as in dist/cli.js.
import type { EventEmitter } from 'node:events';
import { ProxyServer } from '../../src/proxy/server';
import '../../src/cli/main';

const servers: ProxyServer[] = [];
const start = ProxyServer.prototype.start;
ProxyServer.prototype.start = function (this: ProxyServer) {
  servers.push(this);
  return start.call(this);
};

let recorders: Array<(...args: unknown[]) => void> | undefined;
process.on('message', (m) => {
  if (servers.length !== 1) {
    process.send?.(`${servers.length} servers started, expected 1`);
    return;
  }
  const s: EventEmitter = servers[0];
  recorders ??= s.listeners('request') as Array<(...args: unknown[]) => void>;
  s.removeAllListeners('request');
  if (m === 'on') for (const l of recorders) s.on('request', l);
  process.send?.(recorders.length > 0 ? 'ok' : 'the proxy records no usage (ANTIGRAVITY_USAGE=off?)');
});
// The CLI keeps running until SIGTERM; the IPC channel must not keep it alive after that.
process.channel?.unref();
