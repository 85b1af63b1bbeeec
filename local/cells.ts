/**
 * DuckDB result values → plain JSON values for printing. DuckDB's JSON form keeps 64-bit
 * integers as strings and maps as [{key, value}]; we turn safe integers into numbers and
 * maps into objects, as Athena's console shows them.
 */
import { type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';

export type Cell = string | number | boolean | null | Cell[] | { [key: string]: Cell };

const WIDE_INTEGERS = new Set<DuckDBTypeId>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
]);

export function toCell(value: unknown, type: DuckDBType): Cell {
  if (value === null || value === undefined) return null;
  if (WIDE_INTEGERS.has(type.typeId) && typeof value === 'string') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (type.typeId === DuckDBTypeId.MAP && Array.isArray(value)) {
    const entries = value as { key: unknown; value: unknown }[];
    return Object.fromEntries(entries.map((e) => [String(e.key), toCell(e.value, type.valueType)]));
  }
  if ((type.typeId === DuckDBTypeId.LIST || type.typeId === DuckDBTypeId.ARRAY) && Array.isArray(value)) {
    return value.map((v) => toCell(v, type.valueType));
  }
  if (type.typeId === DuckDBTypeId.STRUCT && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(type.entryNames.map((n, i) => [n, toCell(obj[n], type.entryTypes[i]!)]));
  }
  return value as Cell;
}
