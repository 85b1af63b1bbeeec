/** `npm run query`: the trainers' tables before any data, raw only when asked, output formats, the named queries. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  duckdbColumns,
  duckdbPartitionColumns,
  RELEASE_REPORT_COLUMNS,
  RELEASED_COLUMNS,
} from '../../lib/schema/index.ts';
import { formatResult } from '../../local/format.ts';
import { listNamedQueries } from '../../local/named-queries.ts';
import { QueryEngine } from '../../local/query-engine.ts';

let dir: string;
let engine: QueryEngine;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'activity-query-'));
  engine = await QueryEngine.open(dir);
});
afterAll(async () => {
  engine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the trainers’ tables before any Parquet file exists', () => {
  it('released and release_report are empty relations with their table columns, not errors', async () => {
    const columns = async (table: string) =>
      (await engine.query(`DESCRIBE ${table}`)).rows.map((r) => [r[0], r[1]]);
    expect(await columns('released')).toEqual(
      [...duckdbColumns(RELEASED_COLUMNS), ...duckdbPartitionColumns()].map((c) => [c.name, c.type]),
    );
    expect(await columns('release_report')).toEqual(
      duckdbColumns(RELEASE_REPORT_COLUMNS).map((c) => [c.name, c.type]),
    );
    expect((await engine.query('SELECT count(*) FROM released')).rows).toEqual([[0]]);
  });

  it('runs every named query unchanged', async () => {
    const queries = await listNamedQueries();
    for (const q of queries) {
      expect(q.sql).toMatch(/\bFROM released\b/);
      await expect(engine.query(q.sql)).resolves.toBeDefined();
    }
  });
});

describe('the raw table is opened only when asked for', () => {
  it('has no events table by default', async () => {
    await expect(engine.query('SELECT count(*) FROM events')).rejects.toThrow(/events does not exist/);
  });

  it('opens events, with the raw table columns, with raw: true', async () => {
    const raw = await QueryEngine.open(dir, { raw: true });
    try {
      const described = await raw.query('DESCRIBE events');
      expect(described.rows.map((r) => [r[0], r[1]])).toEqual(
        [...duckdbColumns(), ...duckdbPartitionColumns()].map((c) => [c.name, c.type]),
      );
    } finally {
      raw.close();
    }
  });
});

describe('output formats', () => {
  const result = {
    columns: [
      { name: 'type', type: 'VARCHAR' },
      { name: 'n', type: 'BIGINT' },
      { name: 'm', type: 'MAP(VARCHAR, INTEGER)' },
    ],
    rows: [
      ['a, "quoted"', 12, { EMAIL: 1 }],
      ['line\nbreak', null, null],
    ],
  };

  it('prints an aligned table, one line per row', () => {
    const lines = formatResult(result, 'table').trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toContain('{"EMAIL":1}');
    expect(lines[3]).toContain('line\\nbreak');
    expect(lines[4]).toBe('(2 rows)');
    expect(new Set(lines.slice(0, 2).map((l) => l.indexOf('│') >= 0 || l.includes('┼'))).size).toBe(1);
  });

  it('shows terminal escapes and bidi controls of stored text as inert escapes in the table', () => {
    const crafted = { columns: [{ name: 'content', type: 'VARCHAR' }], rows: [['\u001b[2Jok \u202eevil']] };
    const table = formatResult(crafted, 'table');
    expect(table.includes('\u001b') || table.includes('\u202e')).toBe(false);
    expect(table).toContain('\\u{001b}[2Jok \\u{202e}evil');
  });

  it('prints JSON objects and RFC 4180 CSV', () => {
    expect(JSON.parse(formatResult(result, 'json'))).toEqual([
      { type: 'a, "quoted"', n: 12, m: { EMAIL: 1 } },
      { type: 'line\nbreak', n: null, m: null },
    ]);
    expect(formatResult(result, 'csv')).toBe(
      'type,n,m\r\n"a, ""quoted""",12,"{""EMAIL"":1}"\r\n"line\nbreak",,\r\n',
    );
  });
});
