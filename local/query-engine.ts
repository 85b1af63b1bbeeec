/**
 * DuckDB standing in for Athena: a view `events` over the Parquet files under `<data>/events/`
 * with the Glue table's columns and types, `dt` a string as in Glue. With no files
 * yet, `events` is an empty relation with the same columns, not an error.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { type Cell, toCell } from './cells.ts';
import { dataLayout } from './layout.ts';
import { allColumnNames, emptyEventsSelect, sqlString } from './sql.ts';

export interface QueryResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly Cell[])[];
}

export class QueryEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(dataDir: string): Promise<QueryEngine> {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(`CREATE VIEW events AS ${await eventsSource(dataLayout(dataDir).events)}`);
    return new QueryEngine(instance, conn);
  }

  /** Runs SQL (one or more statements; the last one's result is returned). */
  async query(sql: string): Promise<QueryResult> {
    const reader = await this.conn.runAndReadAll(sql);
    const names = reader.columnNames();
    const types = reader.columnTypes();
    return {
      columns: names.map((name, i) => ({ name, type: String(types[i]) })),
      rows: reader.getRowsJson().map((row) => row.map((v, i) => toCell(v, types[i]!))),
    };
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

async function eventsSource(eventsDir: string): Promise<string> {
  if (!(await hasParquet(eventsDir))) return emptyEventsSelect();
  const glob = join(eventsDir, '*', '*.parquet');
  return `SELECT ${allColumnNames()} FROM read_parquet(${sqlString(glob)},
    hive_partitioning = true, hive_types = {'dt': VARCHAR}, union_by_name = true)`;
}

async function hasParquet(eventsDir: string): Promise<boolean> {
  const partitions = await readdir(eventsDir).catch(() => [] as string[]);
  for (const p of partitions) {
    if (!p.startsWith('dt=')) continue;
    const files = await readdir(join(eventsDir, p)).catch(() => [] as string[]);
    if (files.some((f) => f.endsWith('.parquet'))) return true;
  }
  return false;
}
