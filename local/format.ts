/** Query results as an aligned text table, JSON (array of objects) or CSV (RFC 4180). */
import type { Cell } from './cells.ts';
import type { QueryResult } from './query-engine.ts';

export type OutputFormat = 'table' | 'json' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv'];

export function formatResult(result: QueryResult, format: OutputFormat, maxCellWidth = 60): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toObjects(result), null, 2)}\n`;
    case 'csv':
      return toCsv(result);
    case 'table':
      return toTable(result, maxCellWidth);
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

function toTable(result: QueryResult, maxWidth: number): string {
  // One line per row: control characters shown escaped, long cells cut.
  const shown = (cell: Cell) => {
    const s = cell === null ? 'NULL' : text(cell).replace(/[\r\n\t]/g, (c) => JSON.stringify(c).slice(1, -1));
    return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s;
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
  const count = `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`;
  return `${[line(header), rule, ...body.map(line), count].join('\n')}\n`;
}
