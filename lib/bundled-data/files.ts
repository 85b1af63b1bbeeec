/**
 * Data the deployed function reads from files shipped beside its code instead of as JavaScript:
 * a cold start then parses and compiles only code, and reads these as plain bytes. They are
 * generated (`npm run generate`) and committed here; the function's asset carries them at its root,
 * beside index.mjs (lib/constructs/ingest-function.ts copies them, the bundle bench does the same).
 */
import { fileURLToPath } from 'node:url';

export const BUNDLED_DATA_FILES = [
  // Common given names, one per line, gzip (lib/ingest/scrub/names/generate.ts).
  'given-names.txt.gz',
  // Family names as a Bloom filter, raw bits (ibid.).
  'family-names.bloom',
  // The ICANN section of the public suffix list, one rule per line, gzip (lib/domains/generate.ts).
  'public-suffixes.txt.gz',
] as const;

export type BundledDataFile = (typeof BUNDLED_DATA_FILES)[number];

/** Where the files sit in the source tree. */
export function bundledDataSourceDir(): string {
  return fileURLToPath(new URL('.', import.meta.url));
}
