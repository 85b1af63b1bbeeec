import { resolve } from 'node:path';

/** The data folder: `--data`, else ACTIVITY_DATA_DIR, else ./local-data (git-ignored). */
export function resolveDataDir(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  // An empty value is unset: `ACTIVITY_DATA_DIR= npm start` must not mean the current folder.
  return resolve(flag || env['ACTIVITY_DATA_DIR'] || 'local-data');
}
