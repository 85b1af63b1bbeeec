import { type ColumnDef, EVENT_COLUMNS, PARTITION_COLUMNS } from './columns.ts';

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/** Glue table columns (Hive types), in order: the stored row's unless another column list is given. */
export function glueColumns(columns: readonly ColumnDef[] = EVENT_COLUMNS): GlueColumn[] {
  return columns.map((c) => ({ name: c.name, type: c.type, comment: c.doc }));
}

/** Glue partition keys. */
export function gluePartitionKeys(): GlueColumn[] {
  return PARTITION_COLUMNS.map((c) => ({ name: c.name, type: c.type, comment: c.doc }));
}
