import { describe, expect, it } from 'vitest';
import { serializeRow } from '../../lib/ingest/serialize-row.ts';
import { COLUMN_NAMES } from '../../lib/schema/columns.ts';
import { storedRowJsonSchema } from '../../lib/schema/derive-json-schema.ts';
import { createDraft04Ajv } from '../../lib/schema/draft04-ajv.ts';
import type { StoredRow } from '../../lib/schema/types.ts';
import { storedRow } from '../support/stored-row.ts';

const validateRow = createDraft04Ajv().compile(storedRowJsonSchema());

describe('rows are Firehose-ready JSON whose keys are the Glue columns', () => {
  it('writes every column, in column order, null when absent, newline-terminated', () => {
    const line = serializeRow(storedRow({ counts: null, content: null }));
    expect(line.endsWith('}\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    const parsed = JSON.parse(line);
    expect(Object.keys(parsed)).toEqual(COLUMN_NAMES);
    expect(parsed.counts).toBeNull();
    expect(validateRow(parsed)).toBe(true);
  });

  it('fills in columns a row object lacks, and drops keys that are not columns', () => {
    const partial = { ...storedRow(), extra: 'x' } as Partial<StoredRow> & { extra: string };
    delete partial.language;
    const parsed = JSON.parse(serializeRow(partial as StoredRow));
    expect(Object.keys(parsed)).toEqual(COLUMN_NAMES);
    expect(parsed.language).toBeNull();
  });

  it('writes timestamps as yyyy-MM-ddTHH:mm:ss.SSSZ (OpenX JSON SerDe) and refuses anything else', () => {
    expect(JSON.parse(serializeRow(storedRow())).occurred_at).toBe('2026-11-27T06:59:00.000Z');
    expect(() => serializeRow(storedRow({ occurred_at: '2026-11-27T06:59:00Z' }))).toThrow(/occurred_at/);
    expect(() => serializeRow(storedRow({ received_at: '1764226800000' }))).toThrow(/received_at/);
  });
});
