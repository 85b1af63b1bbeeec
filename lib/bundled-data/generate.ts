/**
 * What each bundled data file holds, built from the pinned packages (dev dependencies: run by
 * `npm run generate` and by the test that keeps the committed files current; never at run time).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { publicSuffixRulesText } from '../domains/generate.ts';
import { generateNameLists } from '../ingest/scrub/names/generate.ts';
import type { BundledDataFile } from './files.ts';

/** Each file's content before compression. */
export function bundledDataContents(): Record<BundledDataFile, Uint8Array> {
  const names = generateNameLists();
  return {
    'given-names.txt.gz': Buffer.from(names.given.join('\n'), 'utf8'),
    'family-names.bloom': names.familyFilter,
    'public-suffixes.txt.gz': Buffer.from(publicSuffixRulesText(), 'utf8'),
  };
}

const gzipped = (name: BundledDataFile) => name.endsWith('.gz');

/** The file's bytes on disk. */
export function encodeBundledData(name: BundledDataFile, content: Uint8Array): Uint8Array {
  return gzipped(name) ? gzipSync(content, { level: 9 }) : content;
}

/** The content of the file's bytes (gzip output differs between zlib builds; the content does not). */
export function decodeBundledData(name: BundledDataFile, bytes: Uint8Array): Uint8Array {
  return gzipped(name) ? gunzipSync(bytes) : bytes;
}
