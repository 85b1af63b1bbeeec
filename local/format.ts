/** Query results as an aligned text table, JSON (array of objects) or CSV (RFC 4180). */
import { printable } from '../lib/cli/safe-text.ts';
import type { Cell } from './cells.ts';
import type { QueryResult } from './query-engine.ts';

export type OutputFormat = 'table' | 'json' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv'];

export interface FormatOptions {
  /** Rows to print; the table says how many were left out. @default all */
  readonly limit?: number;
  /** Table cells are cut to this many characters; null prints them whole. csv/json never cut. @default 60 */
  readonly maxCellWidth?: number | null;
  /** Rows the result had before it was limited at the source (e.g. Athena paging), when known. */
  readonly totalRows?: number | 'more';
}

export const DEFAULT_TABLE_LIMIT = 50;

export function formatResult(result: QueryResult, format: OutputFormat, options: FormatOptions = {}): string {
  const limited =
    options.limit !== undefined && result.rows.length > options.limit
      ? { ...result, rows: result.rows.slice(0, options.limit) }
      : result;
  switch (format) {
    case 'json':
      return `${JSON.stringify(toObjects(limited), null, 2)}\n`;
    case 'csv':
      return toCsv(limited);
    case 'table': {
      const total = options.totalRows ?? result.rows.length;
      return toTable(limited, options.maxCellWidth === undefined ? 60 : options.maxCellWidth, total);
    }
  }
}

function toObjects(result: QueryResult): Record<string, Cell>[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i] ?? null])));
}

function text(cell: Cell): string {
  if (cell === null) return '';
  return typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
}

function toCsv(result: QueryResult): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [result.columns.map((c) => quote(c.name)).join(',')];
  for (const row of result.rows) lines.push(row.map((c) => quote(text(c))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function toTable(result: QueryResult, maxWidth: number | null, total: number | 'more'): string {
  // One line per row: control characters (terminal escapes, bidi controls) shown escaped, long
  // cells cut (unless maxWidth is null).
  const shown = (cell: Cell) => {
    const s =
      cell === null
        ? 'NULL'
        : printable(text(cell).replace(/[\r\n\t]/g, (c) => JSON.stringify(c).slice(1, -1)));
    return maxWidth !== null && s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s;
  };
  const header = result.columns.map((c) => c.name);
  const body = result.rows.map((row) => row.map(shown));
  const numeric = result.columns.map(
    (_, i) =>
      result.rows.some((r) => typeof r[i] === 'number') &&
      result.rows.every((r) => r[i] === null || typeof r[i] === 'number'),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join(' │ ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  const shownRows = result.rows.length;
  const plural = (n: number) => `${n} row${n === 1 ? '' : 's'}`;
  const count =
    total === 'more'
      ? `(${plural(shownRows)} shown; more not shown: --limit N or --format csv for all)`
      : total > shownRows
        ? `(${plural(total)}, ${total - shownRows} not shown: --limit N or --format csv for all)`
        : `(${plural(shownRows)})`;
  return `${[line(header), rule, ...body.map(line), count].join('\n')}\n`;
}
