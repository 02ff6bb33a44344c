// `antigravity-proxy usage [--json] [--since YYYY-MM-DD] [--url URL] [--state-dir DIR] [--reset]`
// (issue 15): the usage statistics as a table or as the --json contract {"totals":{...},"days":[...]}
// (README "Usage statistics"): from the running proxy (GET /_antigravity/usage, with the state
// dir's key) when one answers, else read from the state dir without writing anything. --reset
// clears them in the running proxy (POST /_antigravity/usage/reset) and in the state dir's files.
import { parseDay, readUsage, resetUsage, type DayRow, type UsageSummary } from '../proxy';
import { adminRequest, adminTarget, answerError, type AdminAnswer, type AdminTarget } from './admin';

export interface UsageIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Record<string, string | undefined>;
}

const COLUMNS: Array<[string, (r: DayRow) => string | number, 'left' | 'right']> = [
  ['date', (r) => r.date, 'left'],
  ['model', (r) => r.model || '-', 'left'],
  ['client', (r) => r.client, 'left'],
  ['upstream', (r) => r.upstream || '-', 'left'],
  ['requests', (r) => r.requests, 'right'],
  ['errors', (r) => r.errors, 'right'],
  ['input tokens', (r) => r.inputTokens, 'right'],
  ['output tokens', (r) => r.outputTokens, 'right'],
];

/** The text form: one line per day x model x client x upstream, then the totals. */
export function formatUsage(s: UsageSummary, heading: string): string {
  if (s.days.length === 0) return `${heading}\nNo requests recorded.\n`;
  const total: DayRow = { date: 'total', model: '', client: '', upstream: '', ...s.totals };
  const cells = [...s.days, total].map((r) => COLUMNS.map(([, get]) => String(get(r))));
  cells[cells.length - 1].splice(1, 3, '', '', '');
  const widths = COLUMNS.map(([name], i) => Math.max(name.length, ...cells.map((row) => row[i].length)));
  const line = (row: string[]): string =>
    row
      .map((c, i) => (COLUMNS[i][2] === 'right' ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd() + '\n';
  return `${heading}\n` + line(COLUMNS.map(([name]) => name)) + cells.map(line).join('');
}

/** A running proxy's answer, or why there is none to use (undefined: nothing answers, or no key to ask with). */
async function askProxy(t: AdminTarget, path: string, method: 'GET' | 'POST', io: UsageIo): Promise<string | undefined> {
  // Without a key file no proxy runs on this state dir (its first start writes one).
  if (t.key === undefined) return undefined;
  let res: AdminAnswer;
  try {
    res = await adminRequest(t, path, method);
  } catch {
    return undefined;
  }
  if (res.status === 200) return res.text;
  io.err(`antigravity-proxy: warning: ${answerError(t, res)}; using the files in ${t.stateDir}\n`);
  return undefined;
}

export async function runUsage(values: Record<string, string | boolean | undefined>, io: UsageIo): Promise<number> {
  const t = adminTarget(values, io.env, 'usage');
  if (typeof t === 'string') {
    io.err(`antigravity-proxy: ${t}\n`);
    return 2;
  }
  const stateDir = t.stateDir;
  if (values.reset) {
    // A running proxy clears its store at once (memory and files); the state dir's files too.
    const proxy = await askProxy(t, '/_antigravity/usage/reset', 'POST', io);
    try {
      await resetUsage(stateDir);
    } catch (e) {
      io.err(`antigravity-proxy: could not reset the usage statistics in ${stateDir}: ${(e as Error).message}\n`);
      return 1;
    }
    io.err(
      proxy
        ? `Usage statistics cleared in the running proxy at ${t.base.origin} and in ${stateDir}.\n`
        : `Usage statistics in ${stateDir} cleared; a proxy running on this state dir drops its counts within 2 s.\n`,
    );
    return 0;
  }
  let since: string | undefined;
  if (values.since !== undefined) {
    since = parseDay(String(values.since));
    if (!since) {
      io.err(`antigravity-proxy: --since needs a date as YYYY-MM-DD, not "${String(values.since)}"\n`);
      return 2;
    }
  }
  // The running proxy knows the last seconds too (its store writes every 2 s); else the files.
  const answer = await askProxy(t, `/_antigravity/usage?recent=0${since ? `&since=${since}` : ''}`, 'GET', io);
  let query: UsageSummary;
  let source: string;
  if (answer) {
    query = JSON.parse(answer) as UsageSummary;
    source = `the proxy at ${t.base.origin}`;
  } else {
    const read = await readUsage(stateDir, { since });
    for (const p of read.problems) io.err(`antigravity-proxy: warning: ${p}; showing what could be read\n`);
    query = read.query;
    source = stateDir;
  }
  if (values.json) {
    io.out(JSON.stringify({ totals: query.totals, days: query.days }, null, 2) + '\n');
    return 0;
  }
  io.out(formatUsage(query, `Usage ${since ? `since ${since}` : 'of the last 90 days'} (${source})`));
  return 0;
}
