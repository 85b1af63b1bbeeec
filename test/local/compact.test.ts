/**
 * Compaction merges a raw day's small part files into one ZSTD file without losing, adding or
 * changing a row — also when it is interrupted, and while the server publishes new batches.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { glueColumns } from '../../lib/schema/index.ts';
import { compactRaw } from '../../local/compact.ts';
import { dataLayout } from '../../local/layout.ts';
import { QueryEngine } from '../../local/query-engine.ts';
import { releaseDays } from '../../local/release.ts';
import { session, storeRaw, withDataDir } from '../release/raw-data.ts';
import { readParquetIndependently } from './parquet-inspect.ts';

const DAY = '2026-11-27';

/** Three deliveries of one day: three part files. */
async function threeParts(dir: string): Promise<void> {
  for (const [i, c] of ['c1', 'c2', 'c3'].entries()) {
    await storeRaw(dir, session(c, `s${i}`, `${DAY}T0${i}:00:00.000Z`, 4));
  }
}

async function rows(dir: string): Promise<string[]> {
  const engine = await QueryEngine.open(dir, { raw: true });
  try {
    const r = await engine.query('SELECT * FROM events ORDER BY event_id');
    return r.rows.map((row) => JSON.stringify(row));
  } finally {
    engine.close();
  }
}

const partsOf = async (dir: string) => (await readdir(join(dataLayout(dir).events, `dt=${DAY}`))).sort();

describe('npm run compact merges a day’s part files', () => {
  it('leaves files the release (and every query) reads as before: release, compact, release again', async () => {
    await withDataDir(async (dir) => {
      await threeParts(dir);
      const settings = { minContributors: 2, minSessionEvents: 3 };
      const [first] = await releaseDays(dir, [DAY], { settings });
      await compactRaw(dataLayout(dir));
      const [second] = await releaseDays(dir, [DAY], { settings });
      expect(second!.report.rows_in).toBe(first!.report.rows_in);
      expect(second!.report.rows_out).toBe(first!.report.rows_out);
    });
  });

  it('into one ZSTD file with exactly the same rows; a second run finds nothing to do', async () => {
    await withDataDir(async (dir) => {
      await threeParts(dir);
      const before = await rows(dir);
      expect(await partsOf(dir)).toHaveLength(3);
      const [day] = await compactRaw(dataLayout(dir));
      expect(day).toMatchObject({ dt: DAY, filesBefore: 3, filesAfter: 1 });
      const after = await partsOf(dir);
      expect(after).toHaveLength(1);
      expect(after[0]).toMatch(/^part-compact-.+\.parquet$/);
      expect(await rows(dir)).toEqual(before);
      const contents = await readParquetIndependently(join(dataLayout(dir).events, `dt=${DAY}`, after[0]!));
      expect([...contents.codecs]).toEqual(['ZSTD']);
      // The stored columns only, as the server writes them: dt stays in the folder name.
      expect(contents.columns.map((c) => c.name)).toEqual(glueColumns().map((c) => c.name));
      expect(await compactRaw(dataLayout(dir))).toEqual([]);
    });
  });

  it('after a crash between placing the merged file and removing its sources, the next run removes them: no row twice', async () => {
    await withDataDir(async (dir) => {
      await threeParts(dir);
      const before = await rows(dir);
      const layout = dataLayout(dir);
      const dayDir = join(layout.events, `dt=${DAY}`);
      const sources = await partsOf(dir);
      // The state a crash after step 3 leaves: the merged file placed, the journal, the sources still there.
      const merged = 'part-compact-crashed.parquet';
      const db = await DuckDBInstance.create(':memory:');
      const conn = await db.connect();
      const list = sources.map((f) => `'${join(dayDir, f)}'`).join(', ');
      await conn.run(
        `COPY (SELECT * FROM read_parquet([${list}], hive_partitioning = false)) TO '${join(dayDir, merged)}' (FORMAT parquet, COMPRESSION zstd)`,
      );
      conn.closeSync();
      db.closeSync();
      await mkdir(join(dir, 'compact-journal'), { recursive: true });
      await writeFile(
        join(dir, 'compact-journal', 'crashed.json'),
        JSON.stringify({ dt: DAY, sources, target: merged, scratch: 'crashed.parquet' }),
      );
      expect(await rows(dir)).toHaveLength(2 * before.length); // every row twice, until recovery
      await compactRaw(layout);
      expect(await partsOf(dir)).toEqual([merged]);
      expect(await rows(dir)).toEqual(before);
      expect(await readdir(join(dir, 'compact-journal'))).toEqual([]);
    });
  });

  it('after a crash before the merged file was placed, the next run drops the scratch and keeps the sources', async () => {
    await withDataDir(async (dir) => {
      await threeParts(dir);
      const before = await rows(dir);
      const sources = await partsOf(dir);
      await mkdir(join(dir, 'compact-tmp'), { recursive: true });
      await writeFile(join(dir, 'compact-tmp', 'y.parquet'), 'half-written');
      await mkdir(join(dir, 'compact-journal'), { recursive: true });
      await writeFile(
        join(dir, 'compact-journal', 'y.json'),
        JSON.stringify({ dt: DAY, sources, target: 'part-compact-y.parquet', scratch: 'y.parquet' }),
      );
      const [day] = await compactRaw(dataLayout(dir));
      expect(day?.filesBefore).toBe(3); // the sources were kept and compacted properly
      expect(await rows(dir)).toEqual(before);
      expect(await readdir(join(dir, 'compact-journal'))).toEqual([]);
    });
  });

  it('leaves the part files of a batch the server is still publishing', async () => {
    await withDataDir(async (dir) => {
      await threeParts(dir);
      const parts = await partsOf(dir);
      const inFlight = parts[0]!.replace(/^part-/, '').replace(/\.parquet$/, '');
      await mkdir(join(dataLayout(dir).wal, `${inFlight}.batch`), { recursive: true });
      const [day] = await compactRaw(dataLayout(dir));
      expect(day?.filesBefore).toBe(2);
      expect(await partsOf(dir)).toContain(parts[0]);
    });
  });
});
