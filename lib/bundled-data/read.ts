/**
 * Reads a bundled data file (files.ts). `new URL(name, import.meta.url)` resolves beside this
 * module in the source tree and beside index.mjs in the bundle, where the files are copied.
 * Read when a module loads, so a missing file fails the cold start instead of a request.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { BundledDataFile } from './files.ts';

export function readBundledBytes(name: BundledDataFile): Uint8Array {
  const buffer = readFileSync(new URL(`./${name}`, import.meta.url));
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The lines of a gzip-compressed text file. */
export function readBundledLines(name: BundledDataFile): string[] {
  return gunzipSync(readBundledBytes(name)).toString('utf8').split('\n');
}
