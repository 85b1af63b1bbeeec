/**
 * The release, run locally by DuckDB with the SQL of queries/release/ on raw Parquet files written
 * by the local delivery: what trainers get, and what they never get.
 */
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  glueColumns,
  RELEASE_REMOVED_COLUMNS,
  RELEASE_REPORT_COLUMNS,
  RELEASED_COLUMNS,
} from '../../lib/schema/index.ts';
import { dataLayout } from '../../local/layout.ts';
import { leakCheck } from '../../local/leak-check.ts';
import { QueryEngine } from '../../local/query-engine.ts';
import { RELEASED_FILE_NAME, rawDays, releaseDays } from '../../local/release.ts';
import { describeReleasedDay } from '../../local/release-summary.ts';
import { PARQUET_TYPE_OF_GLUE, readParquetIndependently } from '../local/parquet-inspect.ts';
import { rawRow, session, storeRaw, withDataDir } from './raw-data.ts';

const DT = '2026-11-27';
const settings = { minContributors: 2, minSessionEvents: 3 };
const release = (dir: string, days = [DT], s = settings) => releaseDays(dir, days, { settings: s });

async function released(dir: string, sql = 'SELECT * FROM released ORDER BY "session", seq') {
  const engine = await QueryEngine.open(dir);
  try {
    const result = await engine.query(sql);
    return result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i] ?? null])));
  } finally {
    engine.close();
  }
}

describe('the released table has no contributor, event id or instant, and is Parquet ZSTD', () => {
  it('writes exactly the released columns, with the Glue types, in one ZSTD file per dt', async () => {
    await withDataDir(async (dir) => {
      await storeRaw(dir, [
        ...session('c1', 's1', `${DT}T09:00:00.000Z`, 3),
        ...session('c2', 's2', `${DT}T10:00:00.000Z`, 3),
      ]);
      const [day] = await release(dir);
      expect(day?.file).toBe(join(dataLayout(dir).released, `dt=${DT}`, RELEASED_FILE_NAME));
      const file = await readParquetIndependently(day!.file!);
      expect(file.columns).toEqual(
        glueColumns(RELEASED_COLUMNS).map((c) => ({ name: c.name, type: PARQUET_TYPE_OF_GLUE[c.type] })),
      );
      for (const removed of RELEASE_REMOVED_COLUMNS) {
        expect(file.columns.map((c) => c.name)).not.toContain(removed);
      }
      expect(file.codecs).toEqual(new Set(['ZSTD']));
      expect(file.rows).toHaveLength(6);
    });
  });

  it('holds no raw contributor or session pseudonym anywhere in the released or report files', async () => {
    await withDataDir(async (dir) => {
      const rows = [
        ...session('a'.repeat(64), 'b'.repeat(64), `${DT}T09:00:00.000Z`, 4),
        ...session('c'.repeat(64), 'd'.repeat(64), `${DT}T09:30:00.000Z`, 4),
      ];
      await storeRaw(dir, rows);
      await release(dir);
      const pseudonyms = [...new Set(rows.flatMap((r) => [r.contributor, r.session, r.event_id]))].map(
        (value) => ({ kind: 'raw pseudonym or id', value }),
      );
      const inReleasedZone = (path: string) => /^(released|release-reports)\//.test(path);
      const report = await leakCheck(dir, pseudonyms, { include: inReleasedZone });
      expect(report.parquetFiles).toBe(2);
      expect(report.leaks).toEqual([]);
      // The same check does see them in the raw files: it is not blind.
      expect((await leakCheck(dir, pseudonyms)).leaks.length).toBeGreaterThan(0);
    });
  });
});

describe('the demo’s leak check covers the released zone', () => {
  it('finds a planted value inside a released ZSTD file (decoded, not only as raw bytes)', async () => {
    await withDataDir(async (dir) => {
      const planted = 'sk_live_planted_4f9c2a7e1b';
      await storeRaw(dir, [
        ...session('c1', 's1', `${DT}T09:00:00.000Z`, 3, { content: `export KEY=${planted}` }),
        ...session('c2', 's2', `${DT}T10:00:00.000Z`, 3),
      ]);
      await release(dir);
      const report = await leakCheck(dir, [{ kind: 'planted', value: planted }], {
        include: (path) => path.startsWith('released/'),
      });
      expect(report.leaks).toContainEqual({
        file: `released/dt=${DT}/${RELEASED_FILE_NAME}`,
        how: 'decoded',
        kind: 'planted',
        value: 0,
      });
    });
  });
});

describe('each event is released once', () => {
  it('keeps one copy of a duplicated event_id, and none of one first received the day before', async () => {
    await withDataDir(async (dir) => {
      const rows = session('c1', 's1', `${DT}T09:00:00.000Z`, 3);
      const other = session('c2', 's2', `${DT}T11:00:00.000Z`, 3);
      const retried = { ...rows[0]!, received_at: `${DT}T09:05:00.000Z` };
      const lateCopy = rawRow({
        contributor: 'c1',
        session: 's1',
        at: '2026-11-26T23:59:59.000Z',
        receivedAt: `${DT}T00:00:05.000Z`,
        eventId: 'e0000000-0000-4000-8000-000000000001',
      });
      const firstCopy = { ...lateCopy, received_at: '2026-11-26T23:59:59.500Z' };
      await storeRaw(dir, [...rows, ...other, retried, lateCopy, firstCopy]);
      const [day] = await release(dir);
      expect(await released(dir, 'SELECT count(*) AS n FROM released')).toEqual([{ n: 6 }]);
      expect(day?.report).toMatchObject({ rows_in: 8, duplicates_removed: 2, rows_out: 6 });
    });
  });
});

describe('instants become an offset within the session, in order', () => {
  it('gives each session one fresh id and offsets from its first event, keeping the order', async () => {
    await withDataDir(async (dir) => {
      const at = (s: string) => rawRow({ contributor: 'c1', session: 's1', at: s });
      // Stored out of order; plus a second session of the same person.
      await storeRaw(dir, [
        at(`${DT}T09:00:04.000Z`),
        at(`${DT}T09:00:00.000Z`),
        at(`${DT}T09:00:01.500Z`),
        ...session('c1', 's2', `${DT}T15:00:00.000Z`, 3),
        ...session('c2', 's3', `${DT}T16:00:00.000Z`, 3),
      ]);
      await release(dir, [DT], { minContributors: 2, minSessionEvents: 1 });
      const rows = await released(dir);
      const sessions = [...new Set(rows.map((r) => r.session))];
      expect(sessions).toHaveLength(3);
      for (const id of sessions)
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const offsets = sessions.map((id) =>
        rows.filter((r) => r.session === id).map((r) => [r.seq, r.offset_ms]),
      );
      expect(offsets).toContainEqual([
        [1, 0],
        [2, 1500],
        [3, 4000],
      ]);
      expect(offsets).toContainEqual([
        [1, 0],
        [2, 1000],
        [3, 2000],
      ]);
    });
  });
});

describe('sessions shorter than the minimum are not released', () => {
  it('drops them and counts them in the report', async () => {
    await withDataDir(async (dir) => {
      await storeRaw(dir, [
        ...session('c1', 'long', `${DT}T09:00:00.000Z`, 3),
        ...session('c2', 'short', `${DT}T10:00:00.000Z`, 2),
        ...session('c3', 'longer', `${DT}T11:00:00.000Z`, 4),
      ]);
      const [day] = await release(dir);
      expect(await released(dir, 'SELECT count(*) AS n FROM released')).toEqual([{ n: 7 }]);
      expect(day?.report).toMatchObject({
        sessions_in: 3,
        sessions_dropped: 1,
        rows_in_dropped_sessions: 2,
        contributors: 2,
        rows_out: 7,
      });
    });
  });
});

describe('a day that fewer than k people worked is not released at all', () => {
  it('withholds every row of it, and its report says nothing about those few people: every count is 0', async () => {
    await withDataDir(async (dir) => {
      await storeRaw(dir, [
        ...session('c1', 's1', `${DT}T09:00:00.000Z`, 5),
        ...session('c1', 's2', `${DT}T13:00:00.000Z`, 5),
        ...session('c2', 's3', `${DT}T10:00:00.000Z`, 2),
      ]);
      const [day] = await release(dir);
      expect(day).toMatchObject({ file: null, report: { rows_in: 0, contributors: 0, rows_out: 0 } });
      const counts = RELEASE_REPORT_COLUMNS.filter((c) => c.type === 'bigint').map((c) =>
        Number(day?.report[c.name]),
      );
      expect(counts.length).toBeGreaterThan(10);
      expect(counts.every((c) => c === 0)).toBe(true);
      expect(day?.hadRawRows).toBe(true);
      expect(describeReleasedDay(day!)).toMatch(/released 0: withheld, fewer than k = 2 contributors/);
      expect(await released(dir, 'SELECT count(*) AS n FROM released')).toEqual([{ n: 0 }]);
    });
  });
});

describe('a quasi-identifier value seen from fewer than k contributors is released as NULL', () => {
  it('keeps a value k contributors used and nulls one fewer used, counting it in the report', async () => {
    await withDataDir(async (dir) => {
      const k3 = { minContributors: 3, minSessionEvents: 1 };
      await storeRaw(dir, [
        ...['c1', 'c2', 'c3'].flatMap((c) =>
          session(c, `s-${c}`, `${DT}T09:00:00.000Z`, 1, { app: 'vscode' }),
        ),
        ...['c4', 'c5'].flatMap((c) => session(c, `s-${c}`, `${DT}T09:00:00.000Z`, 2, { app: 'rare-ide' })),
      ]);
      const [day] = await release(dir, [DT], k3);
      const apps = await released(dir, 'SELECT app, count(*) AS n FROM released GROUP BY app ORDER BY app');
      expect(apps).toEqual([
        { app: 'vscode', n: 3 },
        { app: null, n: 4 },
      ]);
      expect(day?.report).toMatchObject({ min_contributors: 3, suppressed_app: 4, suppressed_os: 0 });
    });
  });
});

describe('releasing a dt again replaces it', () => {
  it('leaves one copy with the same rows, new session ids, and one report row per run', async () => {
    await withDataDir(async (dir) => {
      await storeRaw(dir, [
        ...session('c1', 's1', `${DT}T09:00:00.000Z`, 4),
        ...session('c2', 's2', `${DT}T10:00:00.000Z`, 5),
      ]);
      await release(dir);
      const first = await released(dir);
      // A stray file in the dt folder (e.g. from an older layout) must not be read alongside.
      await writeFile(join(dataLayout(dir).released, `dt=${DT}`, 'stray.parquet'), 'not parquet');
      await release(dir);
      const second = await released(dir);
      expect(await readdir(join(dataLayout(dir).released, `dt=${DT}`))).toEqual([RELEASED_FILE_NAME]);
      expect(second).toHaveLength(first.length);
      const strip = (r: Record<string, unknown>) => ({ ...r, session: undefined });
      expect(second.map(strip).sort(bySeq)).toEqual(first.map(strip).sort(bySeq));
      const ids = (rows: typeof first) => new Set(rows.map((r) => r.session));
      expect([...ids(first)].filter((id) => ids(second).has(id))).toEqual([]);
      const reports = await released(dir, 'SELECT dt, rows_out FROM release_report ORDER BY run_id');
      expect(reports).toEqual([
        { dt: DT, rows_out: 9 },
        { dt: DT, rows_out: 9 },
      ]);
    });
  });

  it('empties a dt whose raw rows are gone (expired), and reports zero rows in', async () => {
    await withDataDir(async (dir) => {
      await storeRaw(dir, [
        ...session('c1', 's1', `${DT}T09:00:00.000Z`, 3),
        ...session('c2', 's2', `${DT}T09:00:00.000Z`, 3),
      ]);
      expect(await rawDays(dir)).toEqual([DT]);
      await release(dir);
      await rm(join(dataLayout(dir).events, `dt=${DT}`), { recursive: true });
      const [day] = await release(dir);
      expect(day).toMatchObject({ file: null, report: { rows_in: 0, rows_out: 0 }, hadRawRows: false });
      expect(describeReleasedDay(day!)).toMatch(/rows in 0 → released 0/);
      expect(await readdir(dataLayout(dir).released)).toEqual([]);
      expect(await released(dir, 'SELECT count(*) AS n FROM released')).toEqual([{ n: 0 }]);
    });
  });
});

const bySeq = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify(a).localeCompare(JSON.stringify(b));
