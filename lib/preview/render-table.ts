/**
 * The preview as an employee reads it in a terminal: per event, each field it carried and what is
 * stored of it, then what else the row holds and the placeholders. Only stored values are shown
 * (scrubbed, with placeholders); a dropped field is named, never shown.
 */

import { printable } from '../cli/safe-text.ts';
import type { StoredRow } from '../schema/types.ts';
import type { FieldFate } from './field-fates.ts';
import type { EventPreview, Preview, StoredEventPreview } from './preview-events.ts';

/** Where the events of a preview came from, and how to point at one of them. */
export interface PreviewHeading {
  readonly title: string;
  /** e.g. `line 12`, for events read from a file. */
  readonly locate?: (index: number) => string;
}

const INDENT = '    ';

export function renderTable(preview: Preview, heading: PreviewHeading): string {
  const out: string[] = [];
  const { stored, rejected } = preview.totals;
  out.push(
    `${printable(heading.title)}: ${preview.events.length} event${preview.events.length === 1 ? '' : 's'}, ${stored} would be stored, ${rejected} rejected`,
  );
  out.push('  You and your agent:');
  out.push(...table(preview.request.map(fateCells), '    '));
  for (const event of preview.events) out.push('', ...renderEvent(event, heading));
  const placeholders = formatCounts(preview.totals.placeholders);
  if (placeholders !== '') out.push('', `  placeholders in all: ${placeholders}`);
  return `${out.join('\n')}\n`;
}

function renderEvent(event: EventPreview, heading: PreviewHeading): string[] {
  const where = heading.locate ? ` (${heading.locate(event.index)})` : '';
  if (event.verdict === 'rejected') {
    return [
      `  #${event.index + 1}${where} ${event.type ?? 'event'} — rejected: ${event.code}: ${printable(event.message)}`,
    ];
  }
  const lines = [`  #${event.index + 1}${where} ${event.type} ${event.event_id} — would be stored`];
  const multiline: [string, string][] = [];
  const rows = event.fields.map((f) => {
    const value = f.column === undefined ? undefined : storedValue(event.row, f.column);
    const shown = value === undefined || value === null ? f.note : printable(String(value));
    if (shown.includes('\n') || shown.length > 100) {
      multiline.push([f.column ?? f.field, shown]);
      return [...fateCells(f).slice(0, 3), `(below)  ${f.note}`];
    }
    const plain = value === undefined || value === null || f.fate === 'kept' || f.fate === 'counted';
    return [...fateCells(f).slice(0, 3), plain ? shown : `${shown}  — ${f.note}`];
  });
  lines.push(...table(rows, INDENT));
  for (const [column, text] of multiline) {
    lines.push(`${INDENT}${column}:`);
    for (const l of text.split('\n')) lines.push(`${INDENT}  │ ${l}`);
  }
  const also = alsoStored(event);
  if (also.length > 0) lines.push(`${INDENT}also stored: ${also.join(', ')}`);
  const placeholders = formatCounts(event.placeholders);
  if (placeholders !== '') lines.push(`${INDENT}placeholders: ${placeholders}`);
  return lines;
}

function fateCells(f: FieldFate): string[] {
  return [f.field, f.fate, f.column === undefined ? '' : `→ ${f.column}`, f.note];
}

/** Columns of the row that no field of the event explains (received_at, the window, agent labels, …). */
function alsoStored(event: StoredEventPreview): string[] {
  const explained = new Set(event.fields.map((f) => f.column?.split('.')[0]));
  explained.add('redactions');
  const out: string[] = [];
  for (const [column, value] of Object.entries(event.row)) {
    if (value === null || explained.has(column)) continue;
    out.push(`${column} ${printable(typeof value === 'object' ? JSON.stringify(value) : String(value))}`);
  }
  return out;
}

function storedValue(row: StoredRow, column: string): unknown {
  const [name, key] = column.split('.') as [keyof StoredRow, string | undefined];
  const value = row[name];
  if (key === undefined) return value;
  return (value as Record<string, number> | null)?.[key];
}

function formatCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([type, n]) => `<${type}> ×${n}`)
    .join(', ');
}

/** Left-aligned columns; the last one is free text. */
function table(rows: string[][], indent: string): string[] {
  const widths: number[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.length - 1; i++) widths[i] = Math.max(widths[i] ?? 0, (r[i] ?? '').length);
  }
  return rows.map(
    (r) => indent + r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i] ?? 0) : c)).join('  '),
  );
}
