import { type ColumnDef, type ColumnType, EVENT_COLUMNS, PARTITION_COLUMNS } from './columns.ts';

const DUCKDB_TYPES: Record<ColumnType, string> = {
  string: 'VARCHAR',
  // Glue `timestamp` in Parquet written by Firehose is a UTC instant without zone.
  timestamp: 'TIMESTAMP',
  bigint: 'BIGINT',
  int: 'INTEGER',
  boolean: 'BOOLEAN',
  'map<string,bigint>': 'MAP(VARCHAR, BIGINT)',
  'map<string,int>': 'MAP(VARCHAR, INTEGER)',
};

export function duckdbType(type: ColumnType): string {
  return DUCKDB_TYPES[type];
}

/**
 * `name TYPE` pairs of the stored columns (without the partition), for CREATE TABLE and read_json;
 * or of another column list, e.g. the released row's.
 */
export function duckdbColumns(
  columns: readonly ColumnDef[] = EVENT_COLUMNS,
): { name: string; type: string }[] {
  return columns.map((c) => ({ name: c.name, type: duckdbType(c.type) }));
}

/** Partition columns with DuckDB types; `dt` stays VARCHAR as in Glue. */
export function duckdbPartitionColumns(): { name: string; type: string }[] {
  return PARTITION_COLUMNS.map((c) => ({ name: c.name, type: duckdbType(c.type) }));
}

/** A DuckDB STRUCT literal of the stored columns, e.g. for `read_json(..., columns = {...})`. */
export function duckdbColumnsStruct(): string {
  return `{${duckdbColumns()
    .map((c) => `'${c.name}': '${c.type}'`)
    .join(', ')}}`;
}
