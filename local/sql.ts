/** SQL text helpers shared by the Parquet writer, the query engine and the release. Columns come from lib/schema only. */
import { duckdbColumns } from '../lib/schema/index.ts';

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

export interface SqlColumn {
  readonly name: string;
  readonly type: string;
}

/** `"a", "b", …`: a column list by name. */
export function columnNames(columns: readonly SqlColumn[]): string {
  return columns.map((c) => sqlIdent(c.name)).join(', ');
}

/** A typed, empty relation with these columns: what a table is before any of its files exists. */
export function emptySelect(columns: readonly SqlColumn[]): string {
  const cols = columns.map((c) => `CAST(NULL AS ${c.type}) AS ${sqlIdent(c.name)}`).join(', ');
  return `SELECT ${cols} WHERE false`;
}
