export * from './columns.ts';
export * from './derive-duckdb.ts';
export * from './derive-glue.ts';
export * from './derive-json-schema.ts';
export * from './draft04-ajv.ts';
export * from './released.ts';
export * from './request.ts';
export type * from './types.ts';
