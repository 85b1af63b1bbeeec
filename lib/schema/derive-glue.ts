import { EVENT_COLUMNS, PARTITION_COLUMNS } from './columns.ts';

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/** Glue table columns (Hive types), in stored order. */
export function glueColumns(): GlueColumn[] {
  return EVENT_COLUMNS.map((c) => ({ name: c.name, type: c.type, comment: c.doc }));
}

/** Glue partition keys. */
export function gluePartitionKeys(): GlueColumn[] {
  return PARTITION_COLUMNS.map((c) => ({ name: c.name, type: c.type, comment: c.doc }));
}
