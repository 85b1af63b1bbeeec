/**
 * Full names without a context cue, found by a name list: a given name followed by a family name,
 * each written with a capital (`Jane Doe`, `Priya Raman`, `Jean-Luc Picard`, `John Q. Public`).
 * The given name must be a common one that is not also a word (word-names.ts), the family name in
 * the family-name filter (~1 % false positives, on top of the given name matching). A linear scan:
 * each capitalised word after a non-letter is looked up once.
 */

import { readBundledBytes, readBundledLines } from '../../../bundled-data/read.ts';
import { forEachMatch, re } from '../registry.ts';
import { type BloomShape, bloomHas, FAMILY_NAME_HASHES } from './bloom.ts';

// Data files, not code (lib/bundled-data): ~60 KiB the cold start reads instead of parsing.
const GIVEN: ReadonlySet<string> = new Set(readBundledLines('given-names.txt.gz'));
const FAMILY = readBundledBytes('family-names.bloom');
const FAMILY_SHAPE: BloomShape = { bits: FAMILY.length * 8, hashes: FAMILY_NAME_HASHES };

/**
 * Two capitalised words, an optional middle initial between (`John Q. Public`); not after a letter,
 * digit, `_`, `.` (a member: `obj.Mark`) or a path separator (a home folder: the path detector's).
 * The regex engine finds candidates far faster than a character loop; the lists decide.
 */
const FULL_NAME = re(
  'name.listed_full_name',
  /(?<![A-Za-z0-9_./\\])([A-Z][a-zß-öø-ÿ]{1,31}) (?:[A-Z]\. )?([A-Z][a-zß-öø-ÿ]{0,31}(?:['’-][A-Z]?[a-zß-öø-ÿ]{1,31}){0,2})(?![A-Za-z0-9_])/g,
);

export function isFamilyName(word: string): boolean {
  return bloomHas(FAMILY_SHAPE, FAMILY, word.toLowerCase().replace('’', "'"));
}

/** Reports [start, end) of each listed full name in `text`. */
export function findListedNames(text: string, report: (start: number, end: number) => void): void {
  forEachMatch(FULL_NAME, text, (m) => {
    if (!GIVEN.has(m[1]!.toLowerCase())) {
      // The second word may start the next name: `Dear Jane Doe`.
      return m.index + m[1]!.length + 1;
    }
    const family = m[2]!;
    if (family.split('-').every((p) => isFamilyName(p))) report(m.index, m.index + m[0].length);
    return undefined;
  });
}
