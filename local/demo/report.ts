/** Console output of the demo: section headings, numbers, compact tables. No event content beyond query results. */
import { formatResult } from '../format.ts';
import type { QueryResult } from '../query-engine.ts';

const tty = process.stdout.isTTY;
const paint = (code: string, s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
export const bold = (s: string) => paint('1', s);
export const dim = (s: string) => paint('2', s);
export const green = (s: string) => paint('32', s);
export const red = (s: string) => paint('31', s);

export const out = (line = '') => process.stdout.write(`${line}\n`);
export const num = (n: number) => n.toLocaleString('en-US');
export const pct = (part: number, whole: number) =>
  whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`;

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

export function step(n: number, total: number, title: string): void {
  out();
  out(bold(`[${n}/${total}] ${title}`));
}

/** The first rows and columns of a result, as an indented table with narrow cells. */
export function preview(result: QueryResult, maxRows: number, maxColumns = 8): string {
  const cols = Math.min(result.columns.length, maxColumns);
  const shown = {
    columns: result.columns.slice(0, cols),
    rows: result.rows.slice(0, maxRows).map((r) => r.slice(0, cols)),
  };
  const table = formatResult(shown, 'table', { maxCellWidth: 30 }).trimEnd().split('\n');
  const notes = [
    result.rows.length > maxRows
      ? `first ${maxRows} of ${num(result.rows.length)} rows`
      : `${result.rows.length} rows`,
    ...(cols < result.columns.length ? [`${result.columns.length - cols} more columns`] : []),
  ];
  table[table.length - 1] = `(${notes.join(', ')})`;
  return table.map((l) => `    ${l}`).join('\n');
}
