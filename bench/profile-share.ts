// `node --import tsx bench/profile-share.ts FILE.cpuprofile [REGEX]`: the share of a V8 CPU
// profile's busy samples spent in the source files matching REGEX, callees included (default: the
// usage recording, issue 15: the record, the store, the token scanner). The development bundle
// (`npm run build`, as `npm run bench` runs it) marks each module with a `// src/...` line, so a
// frame's line in dist/cli.js names its source file; a frame counts when it or a caller is in a
// matching file. Garbage collection is busy time but belongs to no file. Against the A/B verdict of
// `npm run bench` (two processes, bursts alternating), this is one process and needs no quiet machine.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const [file, pattern = 'src/proxy/usage/|src/proxy/routes/record\\.ts'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: profile-share FILE.cpuprofile [REGEX]\n');
  process.exit(2);
}
const match = new RegExp(pattern);
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };

/** Per bundle: the 0-based line of each `// src/...` marker, ascending, with its file. */
const bundles = new Map<string, Array<[number, string]>>();
function moduleAt(url: string, line: number): string {
  if (!url.startsWith('file://')) return url;
  let marks = bundles.get(url);
  if (!marks) {
    marks = [];
    const lines = fs.existsSync(fileURLToPath(url)) ? fs.readFileSync(fileURLToPath(url), 'utf8').split('\n') : [];
    lines.forEach((l, i) => {
      if (/^\/\/ (src|node_modules)\//.test(l)) marks!.push([i, l.slice(3)]);
    });
    bundles.set(url, marks);
  }
  let found = url;
  for (const [at, name] of marks) {
    if (at > line) break;
    found = name;
  }
  return found;
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
let busy = 0;
let inside = 0;
const byFunction = new Map<string, number>();
for (const id of profile.samples) {
  const own = byId.get(id);
  if (!own || own.callFrame.functionName === '(idle)') continue;
  busy++;
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const { url, lineNumber, functionName } = byId.get(cur)!.callFrame;
    const mod = moduleAt(url, lineNumber);
    if (match.test(mod)) {
      inside++;
      const k = `${mod} ${functionName || '(anonymous)'}`;
      byFunction.set(k, (byFunction.get(k) ?? 0) + 1);
      break;
    }
  }
}
const pct = (n: number): string => `${((100 * n) / Math.max(1, busy)).toFixed(2)}%`;
process.stdout.write(`${file}: ${busy} busy samples, ${inside} (${pct(inside)}) in /${pattern}/, callees included\n`);
for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 12)) process.stdout.write(`  ${pct(v).padStart(6)}  ${k}\n`);
