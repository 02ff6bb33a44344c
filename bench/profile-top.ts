// `node --import tsx bench/profile-top.ts FILE.cpuprofile [N] [--lines]`: the functions with the
// most self time in a V8 CPU profile (as written by `BENCH_PROFILE=1 npm run bench`), to find the
// hot path without a browser. With --lines: the source lines of our bundle (dist/*.js) with the
// most samples (V8's per-line ticks), which is how an object spread that cost more than any
// function of ours was found (bench/README.md).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  positionTicks?: Array<{ line: number; ticks: number }>;
}

const args = process.argv.slice(2);
const lines = args.includes('--lines');
const [file, n = '30'] = args.filter((a) => a !== '--lines');
if (!file) {
  process.stderr.write('usage: profile-top FILE.cpuprofile [N] [--lines]\n');
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
const byNode = new Map(profile.nodes.map((node) => [node.id, node]));

if (lines) {
  const ticks = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const url = node.callFrame.url;
    if (!/\/dist\/[^/]+\.js$/.test(url)) continue;
    for (const t of node.positionTicks ?? []) {
      const k = `${url}\n${t.line}`;
      ticks.set(k, (ticks.get(k) ?? 0) + t.ticks);
      total += t.ticks;
    }
  }
  const sources = new Map<string, string[]>();
  const lineOf = (url: string, line: number): string => {
    let src = sources.get(url);
    if (!src) {
      const p = fileURLToPath(url);
      src = fs.existsSync(p) ? fs.readFileSync(p, 'utf8').split('\n') : [];
      sources.set(url, src);
    }
    return (src[line - 1] ?? '').trim().slice(0, 120);
  };
  process.stdout.write(`${total} line samples in dist/; share of them (the bundle must be the one profiled):\n`);
  for (const [k, v] of [...ticks].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
    const [url, line] = k.split('\n');
    process.stdout.write(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${url.replace(/^.*\//, '')}:${line}  ${lineOf(url, Number(line))}\n`);
  }
  process.exit(0);
}

const self = new Map<string, number>();
for (const id of profile.samples) {
  const node = byNode.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|dist|src)\//, '$1/').replace(/^node:/, '')}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + 1);
}
const total = profile.samples.length;
const idle = [...self.entries()].filter(([k]) => k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
process.stdout.write(`${total} samples, ${((100 * idle) / total).toFixed(1)}% idle; share of busy samples:\n`);
for (const [k, v] of [...self.entries()]
  .filter(([k2]) => !k2.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(n))) {
  process.stdout.write(`${((100 * v) / (total - idle)).toFixed(1).padStart(5)}%  ${k}\n`);
}
