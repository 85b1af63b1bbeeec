/** Sizes of what the local mode stores: Parquet files per partition, and leftovers elsewhere. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { dataLayout } from './layout.ts';

export interface StorageStats {
  readonly partitions: readonly string[];
  readonly parquetFiles: number;
  readonly parquetBytes: number;
  readonly walSegments: number;
  readonly errorFiles: number;
}

export async function storageStats(dataDir: string): Promise<StorageStats> {
  const layout = dataLayout(dataDir);
  const partitions = (await readdir(layout.events).catch(() => [] as string[])).filter((p) =>
    p.startsWith('dt='),
  );
  let parquetFiles = 0;
  let parquetBytes = 0;
  for (const p of partitions) {
    for (const f of await readdir(join(layout.events, p))) {
      if (!f.endsWith('.parquet')) continue;
      parquetFiles += 1;
      parquetBytes += (await stat(join(layout.events, p, f))).size;
    }
  }
  const count = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).length;
  return {
    partitions: partitions.sort(),
    parquetFiles,
    parquetBytes,
    walSegments: await count(layout.wal),
    errorFiles: await count(layout.errors),
  };
}
