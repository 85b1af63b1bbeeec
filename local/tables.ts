/**
 * The tables of the local DuckDB, each a view over Parquet files of the data folder with the
 * Glue table's columns and types (from lib/schema). Before any file exists a table is an empty
 * relation with the same columns, not an error.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  duckdbColumns,
  duckdbPartitionColumns,
  RELEASE_REPORT_COLUMNS,
  RELEASE_REPORT_TABLE,
  RELEASED_COLUMNS,
  RELEASED_TABLE,
} from '../lib/schema/index.ts';
import type { DataLayout } from './layout.ts';
import { columnNames, emptySelect, type SqlColumn, sqlString } from './sql.ts';

export interface LocalTable {
  readonly name: string;
  readonly folder: (layout: DataLayout) => string;
  /** Files sit in `dt=…/` folders and `dt` (a string, as in Glue) comes from the path. */
  readonly partitioned: boolean;
  readonly columns: readonly SqlColumn[];
}

/** Raw rows: machine-only, read by the release and by `npm run query -- --raw`. */
export const RAW_EVENTS_TABLE: LocalTable = {
  name: 'events',
  folder: (l) => l.events,
  partitioned: true,
  columns: [...duckdbColumns(), ...duckdbPartitionColumns()],
};

export const RELEASED_EVENTS_TABLE: LocalTable = {
  name: RELEASED_TABLE,
  folder: (l) => l.released,
  partitioned: true,
  columns: [...duckdbColumns(RELEASED_COLUMNS), ...duckdbPartitionColumns()],
};

export const RELEASE_REPORT: LocalTable = {
  name: RELEASE_REPORT_TABLE,
  folder: (l) => l.releaseReports,
  partitioned: false,
  columns: duckdbColumns(RELEASE_REPORT_COLUMNS),
};

/** `CREATE VIEW name AS …` over the table's current files. */
export async function createView(table: LocalTable, layout: DataLayout): Promise<string> {
  const dir = table.folder(layout);
  const files = await parquetFiles(dir, table.partitioned);
  if (files.length === 0) return `CREATE VIEW ${table.name} AS ${emptySelect(table.columns)}`;
  const glob = table.partitioned ? join(dir, 'dt=*', '*.parquet') : join(dir, '*.parquet');
  const hive = table.partitioned ? `hive_partitioning = true, hive_types = {'dt': VARCHAR},` : '';
  return `CREATE VIEW ${table.name} AS SELECT ${columnNames(table.columns)}
    FROM read_parquet(${sqlString(glob)}, ${hive} union_by_name = true)`;
}

/** Parquet files directly in `dir`, or in its `dt=…/` folders. */
export async function parquetFiles(dir: string, partitioned: boolean): Promise<string[]> {
  const list = async (d: string) =>
    (await readdir(d).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.parquet'))
      .map((f) => join(d, f));
  if (!partitioned) return (await list(dir)).sort();
  const partitions = (await readdir(dir).catch(() => [] as string[])).filter((p) => p.startsWith('dt='));
  return (await Promise.all(partitions.map((p) => list(join(dir, p))))).flat().sort();
}
