/**
 * Whether a folder is a local data folder at all: tools that read one (query, release) say so
 * instead of answering "0 rows" for a mistyped `--data`.
 */
import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { KEY_FILE_NAME } from './layout.ts';

export class NoDataFolderError extends Error {
  override readonly name = 'NoDataFolderError';
}

/** What a data folder holds once a server has started on it (the key) or data was written. */
const MARKERS = new Set([KEY_FILE_NAME, 'events', 'released', 'wal']);

export async function assertDataFolder(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new NoDataFolderError(
      code === 'ENOENT'
        ? `no data folder at ${dir}: start the server (npm start) or run the demo first, or pass --data DIR`
        : `cannot read the data folder ${dir} (${code ?? 'error'})`,
    );
  }
  if (!entries.some((e) => MARKERS.has(e))) {
    throw new NoDataFolderError(
      `${dir} is not a data folder (no ${KEY_FILE_NAME}, events/ or released/ in ${basename(dir)}): pass the --data DIR the server uses`,
    );
  }
}
