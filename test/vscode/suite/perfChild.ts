// The performance test's client (lmPerf.test.ts), run as a child process of the extension host so
// that its work is not counted in the host's CPU time: it reads one stream request per stdin line
// (JSON: url, headers, body), streams it with the benchmark's SSE client (bench/lib/sse.ts, one
// keep-alive connection) and answers one JSON line: status, time to the first byte, chunks counted.
import http from 'node:http';
import readline from 'node:readline';
import { oneStream, type SseRequest } from '../../../bench/lib/sse';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  queue = queue.then(async () => {
    const r = await oneStream(agent, JSON.parse(line) as SseRequest, 60_000);
    process.stdout.write(`${JSON.stringify({ status: r.status, ttfbMs: r.ttfbMs, totalMs: r.totalMs, chunks: r.chunks, error: r.error })}\n`);
  });
});
lines.on('close', () => void queue.then(() => agent.destroy()));
