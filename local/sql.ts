/** SQL text helpers shared by the Parquet writer and the query engine. Columns come from lib/schema only. */
import { duckdbColumns, duckdbPartitionColumns } from '../lib/schema/index.ts';

/** A single-quoted SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A double-quoted SQL identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `CAST(col AS TYPE) AS col, …` for every stored column, in Glue order: pins the Parquet types to the Glue types. */
export function castStoredColumns(): string {
  return duckdbColumns()
    .map((c) => `CAST(${sqlIdent(c.name)} AS ${c.type}) AS ${sqlIdent(c.name)}`)
    .join(', ');
}

/** The stored columns then the partition columns, by name, in Glue order. */
export function allColumnNames(): string {
  return [...duckdbColumns(), ...duckdbPartitionColumns()].map((c) => sqlIdent(c.name)).join(', ');
}

/** A typed, empty relation with the table's columns: what `events` is before any file exists. */
export function emptyEventsSelect(): string {
  const cols = [...duckdbColumns(), ...duckdbPartitionColumns()]
    .map((c) => `CAST(NULL AS ${c.type}) AS ${sqlIdent(c.name)}`)
    .join(', ');
  return `SELECT ${cols} WHERE false`;
}
