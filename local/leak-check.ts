/**
 * The leak check: is any planted secret or personal value stored anywhere in the data folder?
 * Parquet files are decoded (a compressed page can hide a string from a byte search) and
 * every string in them is searched; every file, Parquet included, is also searched as raw
 * bytes — WAL segments, error output, scratch. Only the key file is skipped (random bytes).
 * Run it on a stopped server (or one that is not converting) to be sure to see every byte.
 * Reports name the file and the kind of value, never the value itself.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { dataLayout } from './layout.ts';
import { sqlString } from './sql.ts';
import { SubstringScanner } from './substring-scan.ts';

export interface PlantedValue {
  readonly kind: string;
  readonly value: string;
}

export interface Leak {
  /** Path relative to the data folder. */
  readonly file: string;
  readonly how: 'decoded' | 'raw';
  readonly kind: string;
  /** Index of the value in the list given to `leakCheck` (so a caller can tell values apart). */
  readonly value: number;
}

/** One line per file and kind: how many distinct values, found how. Never the values. */
export function describeLeaks(leaks: readonly Leak[]): string[] {
  const groups = new Map<string, { values: Set<number>; how: Set<string> }>();
  for (const l of leaks) {
    const key = `${l.kind}\u0000${l.file}`;
    const g = groups.get(key) ?? { values: new Set(), how: new Set() };
    g.values.add(l.value);
    g.how.add(l.how);
    groups.set(key, g);
  }
  return [...groups].map(([key, g]) => {
    const [kind, file] = key.split('\u0000');
    return `${g.values.size} ${kind} value(s) in ${file} (${[...g.how].sort().join(' and ')})`;
  });
}

export interface LeakReport {
  readonly planted: number;
  readonly parquetFiles: number;
  readonly decodedRows: number;
  readonly rawFiles: number;
  readonly rawBytes: number;
  readonly leaks: readonly Leak[];
}

const SEPARATOR = '\u0000';

export interface LeakCheckOptions {
  /** Which files to search, by path relative to the data folder (`/`-separated). @default every file */
  readonly include?: (relativePath: string) => boolean;
}

export async function leakCheck(
  dataDir: string,
  planted: readonly PlantedValue[],
  options: LeakCheckOptions = {},
): Promise<LeakReport> {
  const layout = dataLayout(dataDir);
  const values = planted.filter((p) => p.value.length > 0);
  const include = options.include ?? (() => true);
  const files = (await listFiles(dataDir)).filter(
    (f) => f !== layout.keyFile && include(relative(dataDir, f).split(sep).join('/')),
  );
  const leaks: Leak[] = [];

  // Decoded: every string a Parquet reader returns, including map keys.
  const decodedScanner = new SubstringScanner(values.map((p) => p.value));
  const parquet = files.filter((f) => f.endsWith('.parquet'));
  let decodedRows = 0;
  if (parquet.length > 0) {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      for (const file of parquet) {
        const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(file)})`);
        const rows = reader.getRowsJson();
        decodedRows += rows.length;
        const strings: string[] = [];
        for (const row of rows) collectStrings(row, strings);
        const found = new Set<number>();
        decodedScanner.scan(strings.join(SEPARATOR), found);
        for (const id of found)
          leaks.push({ file: relative(dataDir, file), how: 'decoded', kind: values[id]!.kind, value: id });
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  }

  // Raw: each value's UTF-8 bytes, and its JSON-escaped form (how it would sit in an NDJSON line),
  // matched byte for byte (latin1 maps each byte to one code unit).
  const needles: string[] = [];
  const owner: number[] = [];
  values.forEach((p, i) => {
    const forms = new Set([p.value, JSON.stringify(p.value).slice(1, -1)]);
    for (const form of forms) {
      needles.push(Buffer.from(form, 'utf8').toString('latin1'));
      owner.push(i);
    }
  });
  const rawScanner = new SubstringScanner(needles);
  let rawBytes = 0;
  for (const file of files) {
    const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
      // Run against a live server, a segment can be converted (and deleted) under our feet.
      if (err.code === 'ENOENT') return Buffer.alloc(0);
      throw err;
    });
    rawBytes += bytes.length;
    const found = new Set<number>();
    rawScanner.scan(bytes.toString('latin1'), found);
    const kinds = new Set([...found].map((id) => owner[id]!));
    for (const i of kinds)
      leaks.push({ file: relative(dataDir, file), how: 'raw', kind: values[i]!.kind, value: i });
  }

  return {
    planted: values.length,
    parquetFiles: parquet.length,
    decodedRows,
    rawFiles: files.length,
    rawBytes,
    leaks,
  };
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) collectStrings(v, out);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}
