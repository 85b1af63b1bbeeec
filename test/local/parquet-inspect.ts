/**
 * Independent reading of the Parquet files for tests: hyparquet (pure JS, no DuckDB) and
 * the expected Parquet type of each Glue type, written out here rather than derived.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects, type SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

/** What a Glue (Hive) type looks like in a Parquet schema: physical type / annotation. */
export const PARQUET_TYPE_OF_GLUE: Record<string, string> = {
  string: 'BYTE_ARRAY/UTF8',
  timestamp: 'INT64/TIMESTAMP',
  bigint: 'INT64',
  int: 'INT32',
  boolean: 'BOOLEAN',
  'map<string,bigint>': 'MAP<BYTE_ARRAY/UTF8,INT64>',
  'map<string,int>': 'MAP<BYTE_ARRAY/UTF8,INT32>',
};

function leafType(e: SchemaElement): string {
  if (e.type === 'BYTE_ARRAY' && e.converted_type === 'UTF8') return 'BYTE_ARRAY/UTF8';
  if (
    e.type === 'INT64' &&
    (e.converted_type?.startsWith('TIMESTAMP') || e.logical_type?.type === 'TIMESTAMP')
  ) {
    return 'INT64/TIMESTAMP';
  }
  return String(e.type);
}

export interface ParquetFileContents {
  readonly columns: { name: string; type: string }[];
  readonly codecs: Set<string>;
  readonly rows: Record<string, unknown>[];
}

export async function readParquetIndependently(path: string): Promise<ParquetFileContents> {
  const buf = await readFile(path);
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  const md = parquetMetadata(file);
  const columns: { name: string; type: string }[] = [];
  const schema = md.schema;
  // Flattened schema: the root, then each top-level field followed by its children.
  let i = 1;
  while (i < schema.length) {
    const e = schema[i]!;
    if (e.converted_type === 'MAP') {
      const key = schema[i + 2]!;
      const value = schema[i + 3]!;
      columns.push({ name: e.name, type: `MAP<${leafType(key)},${leafType(value)}>` });
      i += 4;
    } else {
      columns.push({ name: e.name, type: leafType(e) });
      i += 1;
    }
  }
  const codecs = new Set(md.row_groups.flatMap((rg) => rg.columns.map((c) => String(c.meta_data?.codec))));
  // hyparquet reads SNAPPY itself; ZSTD (the released zone) needs the companion decompressors.
  const rows = (await parquetReadObjects({ file, compressors })) as Record<string, unknown>[];
  return { columns, codecs, rows };
}

/** Every Parquet file under `<data>/events`, as `dt=…/part-….parquet` paths relative to it. */
export async function listPartFiles(eventsDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const partition of (await readdir(eventsDir)).sort()) {
    for (const f of (await readdir(join(eventsDir, partition))).sort()) out.push(`${partition}/${f}`);
  }
  return out;
}
