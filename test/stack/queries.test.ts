/**
 * The trainers' named queries: every queries/*.sql is deployed unchanged as an Athena named query,
 * reads the released table only, parses under Trino's grammar, and runs in DuckDB (the local
 * mode's engine) against a `released` table with the schema module's released columns, with the
 * results the query promises.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/cdk-context.ts';
import { loadNamedQueries, type NamedQueryFile } from '../../lib/constructs/analytics.ts';
import { duckdbColumns, duckdbPartitionColumns, RELEASED_COLUMNS } from '../../lib/schema/index.ts';
import { logicalIdOf, synthesize } from './synth.ts';

const queries = loadNamedQueries(`${REPO_ROOT}queries`);
const sqlOf = (id: string) => (queries.find((q) => q.id === id) as NamedQueryFile).sql;

describe('named queries in the template', () => {
  const synth = synthesize();
  const named = Object.values(synth.template.findResources('AWS::Athena::NamedQuery')).map(
    (r) => r.Properties,
  );

  it('include the five the trainers need', () => {
    expect(queries.map((q) => q.id).sort()).toEqual([
      'coding_trajectories',
      'daily_volume_by_event_type',
      'redaction_counts_by_type',
      'session_summary_by_day',
      'terminal_outcomes_by_exit_code',
    ]);
  });

  it('are the files unchanged, in the trainers’ workgroup and the events database', () => {
    expect(named.map((n) => n.QueryString).sort()).toEqual(queries.map((q) => q.sql).sort());
    for (const n of named) {
      expect(n.Database).toBe(synth.config.databaseName);
      expect(n.WorkGroup).toEqual({ Ref: logicalIdOf(synth.stack.analytics.workgroup) });
      expect(n.Name).toMatch(/\S/);
      expect(n.Description).toMatch(/\S/);
    }
  });

  it('read the released table and nothing raw', () => {
    for (const q of queries) {
      const code = q.sql.replace(/--.*$/gm, '');
      expect(code, q.id).toMatch(/\bFROM released\b/);
      expect(code, q.id).not.toMatch(/\b(FROM|JOIN)\s+events\b/i);
      expect(code, q.id).not.toMatch(/\b(contributor|event_id|received_at|occurred_at|pseudonym_window)\b/);
    }
  });

  it('stay in the SQL subset Athena (Trino) and DuckDB share', () => {
    const trino = new TrinoSQL();
    for (const q of queries) {
      expect(trino.validate(q.sql), q.id).toEqual([]);
      const code = q.sql.replace(/--.*$/gm, '');
      // A statement terminator, casts with ::, and engine-specific functions or clauses.
      expect(code, q.id).not.toMatch(
        /;|::|\b(strftime|date_format|date_trunc|approx_\w+|quantile\w*|QUALIFY|ILIKE|list_\w+|array_agg|epoch_ms)\b/i,
      );
    }
  });
});

describe('named queries run in DuckDB on the released table', () => {
  let db: DuckDBInstance;
  let conn: DuckDBConnection;
  const run = async (id: string) => (await conn.runAndReadAll(sqlOf(id))).getRowObjectsJson();

  beforeAll(async () => {
    db = await DuckDBInstance.create(':memory:');
    conn = await db.connect();
    const columns = [...duckdbColumns(RELEASED_COLUMNS), ...duckdbPartitionColumns()].map(
      (c) => `"${c.name}" ${c.type}`,
    );
    await conn.run(`CREATE TABLE released (${columns.join(', ')})`);
    // Today's partition (queries look back from current_date): two released sessions.
    const today = `strftime(current_date, '%Y-%m-%d')`;
    const row = (
      session: string,
      seq: number,
      offsetMs: number,
      type: string,
      extra: Record<string, string>,
    ) => {
      const cols = [
        'event_type',
        'session',
        'offset_ms',
        'seq',
        'schema_version',
        'dt',
        ...Object.keys(extra),
      ];
      const vals = [
        `'${type}'`,
        `'${session}'`,
        String(offsetMs),
        String(seq),
        '1',
        today,
        ...Object.values(extra),
      ];
      return `INSERT INTO released (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${vals.join(', ')})`;
    };
    for (const sql of [
      row('s1', 1, 0, 'file_edit', { redactions: `MAP {'EMAIL': 2}` }),
      row('s1', 2, 60_000, 'terminal_command', { exit_code: '1', duration_ms: '300' }),
      row('s1', 3, 120_000, 'terminal_command', {
        exit_code: '0',
        duration_ms: '100',
        redactions: `MAP {'EMAIL': 1, 'AWS_KEY': 1}`,
      }),
      row('s2', 1, 0, 'terminal_command', { exit_code: '0', duration_ms: '200' }),
      row('s2', 2, 1_800_000, 'window_focus', { duration_ms: '5000' }),
      row('s2', 3, 1_810_000, 'terminal_command', { exit_code: '1', duration_ms: '300' }),
    ]) {
      await conn.run(sql);
    }
  });

  afterAll(() => {
    conn?.closeSync();
    db?.closeSync();
  });

  it('daily volume counts events and sessions per type', async () => {
    const rows = await run('daily_volume_by_event_type');
    expect(rows.map((r) => [r.event_type, Number(r.events), Number(r.sessions)])).toEqual([
      ['terminal_command', 4, 2],
      ['file_edit', 1, 1],
      ['window_focus', 1, 1],
    ]);
  });

  it('trajectories number each session’s coding events in order', async () => {
    const rows = await run('coding_trajectories');
    expect(rows.map((r) => [r.session, Number(r.step), r.event_type, r.previous_event_type])).toEqual([
      ['s1', 1, 'file_edit', null],
      ['s1', 2, 'terminal_command', 'file_edit'],
      ['s1', 3, 'terminal_command', 'terminal_command'],
      ['s2', 1, 'terminal_command', null],
      ['s2', 2, 'terminal_command', 'terminal_command'],
    ]);
  });

  it('terminal outcomes count commands per exit code', async () => {
    const rows = await run('terminal_outcomes_by_exit_code');
    expect(
      rows.map((r) => [r.exit_code, Number(r.commands), Number(r.percent), Number(r.mean_duration_ms)]),
    ).toEqual([
      [0, 2, 50, 150],
      [1, 2, 50, 300],
    ]);
  });

  it('redaction counts sum replaced values per type', async () => {
    const rows = await run('redaction_counts_by_type');
    expect(
      rows.map((r) => [
        r.event_type,
        r.redaction_type,
        Number(r.redacted_values),
        Number(r.events_with_redactions),
      ]),
    ).toEqual([
      ['file_edit', 'EMAIL', 2, 1],
      ['terminal_command', 'AWS_KEY', 1, 1],
      ['terminal_command', 'EMAIL', 1, 1],
    ]);
  });

  it('session summary counts sessions, their events and their spans per day', async () => {
    const rows = await run('session_summary_by_day');
    expect(
      rows.map((r) => [
        Number(r.sessions),
        Number(r.events),
        Number(r.mean_events_per_session),
        Number(r.most_events_in_a_session),
        Number(r.mean_span_seconds),
      ]),
    ).toEqual([[2, 6, 3, 3, 965]]);
  });
});
