// `node --import tsx bench/profile-top.ts FILE.cpuprofile [N]`: the functions with the most self
// time in a V8 CPU profile (as written by `BENCH_PROFILE=1 npm run bench`), to find the hot path
// without a browser.
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const [file, n = '30'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: profile-top FILE.cpuprofile [N]\n');
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
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
