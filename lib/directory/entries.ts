/**
 * What the directory stores of one person, as keyed hashes (see sequences.ts for the shapes):
 * - name: the name's 2–3-token windows, first+last, and last+first(+second) for `Silva, Ana`;
 *   a single-token name (a mononym) on its own. A single given name or surname of a longer name
 *   is NOT stored: in a directory of thousands, Will, Mark, Grant, Page, Price, Julia and Ruby are
 *   people, and also words and identifiers in every codebase;
 * - user: each user name and each e-mail local part (without a `+tag`), as written, unless it is
 *   just one of the person's name parts (`mark@…`);
 * - id: the employee id (separators ignored); an id without digits counts as a user name;
 * - compact: the above with only letters and digits (6+ characters), for domains and labels.
 * Generic accounts (`root`, `admin`, role mailboxes) name nobody and are skipped; so are name
 * sequences with fewer than two real name tokens (`de la`, `La Cruz`) and ids of fewer than 5
 * digits alone (numbers that short are everywhere).
 */
import { GENERIC_ACCOUNTS } from '../ingest/scrub/detectors/flags.ts';
import { type HashKey, type HashState, hashString, KIND, type Kind } from './keyed-hash.ts';
import type { Person } from './people-csv.ts';
import {
  MAX_ID_TOKENS,
  MAX_NAME_TOKENS,
  MAX_USER_TOKENS,
  sequenceHash,
  type TokenDigest,
} from './sequences.ts';
import { compactForm, scanTokens, type Token } from './tokens.ts';

/** Shortest compact form looked for inside a domain or label: shorter ones sit inside ordinary words. */
export const MIN_COMPACT = 6;
/** Shortest user name, id or single name matched in text. */
export const MIN_IDENTIFIER = 3;

/** Particles of family names: a sequence of only these and initials names nobody. */
const PARTICLES = new Set([
  'al',
  'bin',
  'binti',
  'da',
  'das',
  'de',
  'del',
  'della',
  'den',
  'der',
  'di',
  'do',
  'dos',
  'du',
  'el',
  'ibn',
  'la',
  'le',
  'st',
  'ten',
  'ter',
  'van',
  'von',
  'y',
]);

/** Shared mailboxes: an address like `info@` belongs to no one person. */
const ROLE_MAILBOXES = new Set([
  'info',
  'support',
  'help',
  'hello',
  'contact',
  'team',
  'sales',
  'noreply',
  'no-reply',
  'office',
  'hr',
  'jobs',
  'security',
  'billing',
  'dev',
  'ops',
  'it',
  'mail',
  'webmaster',
  'postmaster',
]);

interface WordToken extends TokenDigest {
  readonly raw: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly letters: boolean;
  readonly length: number;
}

function tokensOf(key: HashKey, text: string): WordToken[] {
  const out: WordToken[] = [];
  scanTokens(key, text, (t: Token) => {
    out.push({
      hi: t.hi,
      lo: t.lo,
      raw: t.raw,
      joint: t.joint,
      letters: t.letters,
      length: t.length,
      text: compactForm(text.slice(t.start, t.end)),
      start: t.start,
      end: t.end,
    });
  });
  return out;
}

/** Adds every keyed hash of `person` through `add`. */
export function personEntries(
  key: HashKey,
  person: Person,
  add: (h: HashState) => void,
  /** Each token of a stored sequence (its `raw` value), for the scan's token filter. */
  addToken: (raw: number) => void = () => {},
): void {
  const out: HashState = { a: 0, b: 0 };
  const sequence = (kind: Kind, seq: readonly WordToken[]) => {
    for (const t of seq) addToken(t.raw);
    add(sequenceHash(key, kind, seq, 0, seq.length - 1, out));
  };
  const compact = (s: string) => {
    if (s.length >= MIN_COMPACT) add(hashString(key, KIND.compact, s));
  };

  // Names: letter tokens only (a digit in a name field is noise).
  const name = tokensOf(key, person.name).filter((t) => t.letters);
  // A sequence names someone when it has two real name tokens (`La Cruz`, `de la Cruz` are phrases
  // too); a one-token name (a mononym) when it has 3+ letters.
  const nameOk = (seq: WordToken[]) =>
    seq.every((t) => t.length >= 2) &&
    (seq.length === 1
      ? seq[0]!.length >= MIN_IDENTIFIER && !PARTICLES.has(seq[0]!.text)
      : seq.filter((t) => !PARTICLES.has(t.text)).length >= 2 && seq.reduce((n, t) => n + t.length, 0) >= 4);
  const addName = (seq: WordToken[]) => {
    if (seq.length === 0 || seq.length > MAX_NAME_TOKENS || !nameOk(seq)) return;
    sequence(KIND.name, seq);
    if (seq.length > 1) compact(seq.map((t) => t.text).join(''));
  };
  if (name.length === 1) addName(name);
  for (let w = 2; w <= MAX_NAME_TOKENS; w++) {
    for (let i = 0; i + w <= name.length; i++) addName(name.slice(i, i + w));
  }
  if (name.length > 2) addName([name[0]!, name[name.length - 1]!]);
  if (name.length >= 2) {
    addName([name[name.length - 1]!, name[0]!]);
    if (name.length >= 3) addName([name[name.length - 1]!, name[0]!, name[1]!]);
  }

  // User names and e-mail local parts, as written.
  const locals = person.emails.map((e) => e.slice(0, e.lastIndexOf('@')).replace(/\+.*$/, ''));
  const idHasDigit = /\p{N}/u.test(person.employeeId);
  const users = [...person.usernames, ...locals, ...(idHasDigit ? [] : [person.employeeId])];
  // A login that is one of the person's own name parts (`mark@`, `price`) is a word in every
  // codebase too; like a lone name part, it is not looked for.
  const nameParts = new Set(name.map((t) => t.text));
  for (const u of users) {
    const lower = u.toLowerCase();
    if (u.length < MIN_IDENTIFIER || GENERIC_ACCOUNTS.has(lower) || ROLE_MAILBOXES.has(lower)) continue;
    if (nameParts.has(compactForm(u))) continue;
    const tokens = tokensOf(key, u);
    // Only what the scan can see as one span: tokens joined by nothing or one of `. _ -`, end to end.
    const oneSpan =
      tokens.length > 0 &&
      tokens.length <= MAX_USER_TOKENS &&
      tokens[0]!.start === 0 &&
      tokens[tokens.length - 1]!.end === u.length &&
      tokens.slice(1).every((t) => t.joint >= 0);
    if (oneSpan) sequence(KIND.user, tokens);
    compact(compactForm(u));
  }

  // The employee id: separators ignored.
  if (idHasDigit) {
    const tokens = tokensOf(key, person.employeeId);
    const c = compactForm(person.employeeId);
    const allDigits = tokens.every((t) => !t.letters);
    if (tokens.length <= MAX_ID_TOKENS && c.length >= (allDigits ? 5 : 4)) sequence(KIND.id, tokens);
    compact(c);
  }
}
