/**
 * Labels (app, language, tool, os, agent version) and registrable domains are short values stored
 * as they are, so one that names a person must go whole: a label is dropped, a domain stored as
 * NULL (and counted as PERSONAL_DOMAIN), never stored with a placeholder inside.
 */
import type { Directory } from '../directory/directory.ts';
import { compactForm } from '../directory/tokens.ts';
import { containsCompactHint, type PlaceholderType, type PreparedHints } from './scrub/index.ts';
import { findListedNames } from './scrub/names/name-list.ts';

const DIGIT = /\p{N}/gu;
const LETTER = /\p{L}/u;
const WORD_START = /(^|[^\p{L}\p{N}])(\p{Ll})/gu;

/** Every word capitalized, so the directory's name matching (names are written with capitals) sees `ana silva`. */
function capitalizeWords(value: string): string {
  return value.replace(WORD_START, (_, before: string, first: string) => before + first.toUpperCase());
}

/** Whether a directory person is named in a value, given as `capitalizeWords` and `compactForm` of it. */
function namesDirectoryPerson(
  capitalized: string,
  compact: string,
  directory: Directory | undefined,
): boolean {
  if (directory === undefined) return false;
  let found = false;
  directory.findSpans(capitalized, () => {
    found = true;
  });
  return found || directory.containsCompactIdentifier(compact);
}

/**
 * Why a label names someone, as the redaction type to count, or null when it does not: a phone
 * number (no letters, 7+ digits), an e-mail address, one of the sender's identifiers inside it
 * (`jsmith-tools`), a person of the directory (`Ana Silva`, `asilva`, `anasilvatools`), or a full
 * name of the name list in any case (`jane doe`).
 */
export function labelNamesSomeone(
  value: string,
  hints: PreparedHints | undefined,
  directory: Directory | undefined,
): PlaceholderType | null {
  if (!LETTER.test(value) && (value.match(DIGIT)?.length ?? 0) >= 7) return 'PHONE';
  if (value.includes('@')) return 'EMAIL';
  const compact = compactForm(value);
  if (containsCompactHint(compact, hints)) return 'IDENTITY';
  const capitalized = capitalizeWords(value);
  if (namesDirectoryPerson(capitalized, compact, directory)) return 'IDENTITY';
  // A full name of the name list in any case (`jane doe`); as written, the scrubber already saw it.
  let listed = false;
  findListedNames(capitalized, () => {
    listed = true;
  });
  return listed ? 'PERSON_NAME' : null;
}

/**
 * Whether a registrable domain is built from someone's identifier: its own label (the part before
 * the public suffix) contains one of the sender's identifiers or a directory person's user name,
 * id or full name (`anasilva.dev`, `ana-silva.io`, `asilva.net`).
 */
export function personalDomain(
  domain: string,
  hints: PreparedHints | undefined,
  directory: Directory | undefined,
): boolean {
  const dot = domain.indexOf('.');
  const own = dot < 0 ? domain : domain.slice(0, dot);
  const compact = compactForm(own);
  return (
    containsCompactHint(compact, hints) ||
    (directory !== undefined && namesDirectoryPerson(capitalizeWords(own), compact, directory))
  );
}
