// `antigravity-proxy usage [--json] [--since YYYY-MM-DD] [--state-dir DIR] [--reset]` (issue 15):
// the usage statistics kept in the state dir, read without writing anything, as a table or as the
// --json contract {"totals":{...},"days":[...]} (README "Usage statistics"). --reset clears them
// under the store's lock; a proxy running on the same state dir drops its counts within 2 s.
import { readUsage, resetUsage, type DayRow, type UsageSummary } from '../proxy';
import { resolveStateDir } from './state';

export interface UsageIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Record<string, string | undefined>;
}

/** A real calendar date as YYYY-MM-DD, or undefined. */
export function parseSince(s: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] ? s : undefined;
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
  const line = (row: string[]): string => row.map((c, i) => (COLUMNS[i][2] === 'right' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd() + '\n';
  return `${heading}\n` + line(COLUMNS.map(([name]) => name)) + cells.map(line).join('');
}

export async function runUsage(values: Record<string, string | boolean | undefined>, io: UsageIo): Promise<number> {
  const stateDir = resolveStateDir(values['state-dir'] as string | undefined, io.env);
  if (values.reset) {
    try {
      await resetUsage(stateDir);
    } catch (e) {
      io.err(`antigravity-proxy: could not reset the usage statistics in ${stateDir}: ${(e as Error).message}\n`);
      return 1;
    }
    io.err(`Usage statistics in ${stateDir} cleared; a proxy running on this state dir drops its counts within 2 s.\n`);
    return 0;
  }
  let since: string | undefined;
  if (values.since !== undefined) {
    since = parseSince(String(values.since));
    if (!since) {
      io.err(`antigravity-proxy: --since needs a date as YYYY-MM-DD, not "${String(values.since)}"\n`);
      return 2;
    }
  }
  const { query, problems } = await readUsage(stateDir, { since });
  for (const p of problems) io.err(`antigravity-proxy: warning: ${p}; showing what could be read\n`);
  if (values.json) {
    io.out(JSON.stringify({ totals: query.totals, days: query.days }, null, 2) + '\n');
    return 0;
  }
  io.out(formatUsage(query, `Usage ${since ? `since ${since}` : 'of the last 90 days'} (${stateDir})`));
  return 0;
}
