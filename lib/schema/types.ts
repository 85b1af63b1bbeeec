import type { ColumnType, EVENT_COLUMNS } from './columns.ts';

/** TypeScript value of a stored column, as it travels in a Firehose-ready JSON row. */
type TsValueOf<T extends ColumnType> = T extends 'string'
  ? string
  : T extends 'timestamp'
    ? string // ISO-8601 UTC with millisecond precision, e.g. 2026-11-27T07:00:00.000Z
    : T extends 'bigint' | 'int'
      ? number
      : T extends 'boolean'
        ? boolean
        : T extends `map<string,${string}>`
          ? Record<string, number>
          : never;

type Col = (typeof EVENT_COLUMNS)[number];
type RequiredCol = Extract<Col, { required: true }>;
type OptionalCol = Exclude<Col, RequiredCol>;

/** One stored row, derived from EVENT_COLUMNS: required columns always set, the rest may be null. */
export type StoredRow = { [C in RequiredCol as C['name']]: TsValueOf<C['type']> } & {
  [C in OptionalCol as C['name']]: TsValueOf<C['type']> | null;
};
