/**
 * DuckDB standing in for Athena. Trainers' tables by default: `released` over
 * `<data>/released/` and `release_report` over `<data>/release-reports/`. The raw `events`
 * table (`<data>/events/`) only when asked for: in AWS no person can read raw rows, and here
 * that is for operators of a local deployment. Columns and types are the Glue tables'
 * (local/tables.ts); a table without files yet is an empty relation, not an error.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { type Cell, toCell } from './cells.ts';
import { dataLayout } from './layout.ts';
import { createView, RAW_EVENTS_TABLE, RELEASE_REPORT, RELEASED_EVENTS_TABLE } from './tables.ts';

export interface QueryResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface QueryEngineOptions {
  /** Also open the raw `events` table. @default false */
  readonly raw?: boolean;
}

export class QueryEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(dataDir: string, options: QueryEngineOptions = {}): Promise<QueryEngine> {
    const layout = dataLayout(dataDir);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const tables = [RELEASED_EVENTS_TABLE, RELEASE_REPORT, ...(options.raw ? [RAW_EVENTS_TABLE] : [])];
    for (const table of tables) await conn.run(await createView(table, layout));
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
