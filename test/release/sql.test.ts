/**
 * The release SQL (queries/release/): one text for Athena (Trino) and DuckDB, with the columns
 * of lib/schema, and only checked values ever written into it.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { previousDt, yesterday } from '../../lib/release/day.ts';
import { ReleaseInputError } from '../../lib/release/settings.ts';
import {
  bindRun,
  bindSettings,
  loadReleaseQueries,
  orderedRows,
  type ReleaseRun,
} from '../../lib/release/sql.ts';
import {
  duckdbColumns,
  duckdbPartitionColumns,
  RELEASE_REPORT_COLUMNS,
  RELEASE_REPORT_TABLE,
  RELEASED_COLUMNS,
} from '../../lib/schema/index.ts';

const queries = loadReleaseQueries();
const settings = { minContributors: 5, minSessionEvents: 3 };
const run: ReleaseRun = {
  dt: '2026-11-27',
  runId: 'run-1',
  releasedAt: new Date('2026-11-28T01:30:00.123Z'),
};
const rows = orderedRows(bindRun(bindSettings(queries.rows, settings), run));
const report = bindRun(bindSettings(queries.report, settings), run);
const trino = new TrinoSQL();

describe('the release SQL is one text that both engines accept', () => {
  it('parses under Trino’s grammar (Athena engine 3), as the state machine sends it', () => {
    expect(trino.validate(rows)).toEqual([]);
    expect(trino.validate(`INSERT INTO ${RELEASE_REPORT_TABLE}\n${report}`)).toEqual([]);
  });

  it('uses no DuckDB-only syntax (the grammar check is not blind to it)', () => {
    for (const duckOnly of ['SELECT x::int FROM t', 'SELECT x FROM t QUALIFY row_number() OVER () = 1']) {
      expect(trino.validate(duckOnly).length, duckOnly).toBeGreaterThan(0);
    }
    for (const sql of [rows, report]) {
      const code = sql.replace(/--.*$/gm, '');
      expect(code).not.toMatch(/;|::|\b(strftime|epoch_ms|list_\w+|QUALIFY|ILIKE|sha256|md5|hash)\b/i);
    }
  });

  it('runs in DuckDB and yields the released and report columns of lib/schema, with their types', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const columns = [...duckdbColumns(), ...duckdbPartitionColumns()].map((c) => `"${c.name}" ${c.type}`);
      await conn.run(`CREATE TABLE events (${columns.join(', ')})`);
      const describe = async (sql: string) =>
        (await conn.runAndReadAll(`DESCRIBE ${sql}`)).getRows().map((r) => [r[0], r[1]]);
      expect(await describe(rows)).toEqual(duckdbColumns(RELEASED_COLUMNS).map((c) => [c.name, c.type]));
      expect(await describe(report)).toEqual(
        duckdbColumns(RELEASE_REPORT_COLUMNS).map((c) => [c.name, c.type]),
      );
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
});

describe('only checked values are written into the SQL', () => {
  it.each(['2026-02-30', '2026-13-01', '26-11-27', "2026-11-27' OR '1'='1", '2026-11-27/../', ''])(
    'refuses dt %j',
    (dt) => {
      expect(() => bindRun(queries.rows, { ...run, dt })).toThrow(ReleaseInputError);
      expect(() => bindRun(queries.rows, { ...run, dt })).toThrow(/dt must be a real day written yyyy-MM-dd/);
    },
  );

  it('refuses a run id that is not letters, digits, - and _', () => {
    for (const runId of ["x'; DROP TABLE released", '', 'a'.repeat(81), 'run id']) {
      expect(() => bindRun(queries.report, { ...run, runId })).toThrow(/runId must be 1–80 letters/);
    }
  });

  it('refuses k below 2 and non-integer settings, naming the setting and its range', () => {
    expect(() => bindSettings(queries.rows, { ...settings, minContributors: 1 })).toThrow(
      /^minContributors must be an integer from 2 to 10000, got 1$/,
    );
    expect(() => bindSettings(queries.rows, { ...settings, minSessionEvents: 2.5 })).toThrow(
      /^minSessionEvents must be an integer from 1 to 10000, got 2.5$/,
    );
  });

  it('fails on a placeholder nobody fills (a typo in a .sql file never runs)', () => {
    expect(() => bindRun(`${bindSettings(queries.rows, settings)} AND x = '{{dayy}}'`, run)).toThrow(
      /unbound placeholder \{\{dayy\}\}/,
    );
    expect(rows).not.toMatch(/\{\{/);
  });

  it('reads the day and the day before it, across month, year and leap-day boundaries', () => {
    expect(rows).toContain("WHERE dt IN ('2026-11-27', '2026-11-26')");
    expect(previousDt('2026-03-01')).toBe('2026-02-28');
    expect(previousDt('2028-03-01')).toBe('2028-02-29');
    expect(previousDt('2027-01-01')).toBe('2026-12-31');
    expect(yesterday(new Date('2026-11-28T01:30:00Z'))).toBe('2026-11-27');
    expect(report).toContain("TIMESTAMP '2026-11-28 01:30:00.123'");
  });
});
