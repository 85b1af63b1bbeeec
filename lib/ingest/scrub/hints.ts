/**
 * The batch's identity hints (the contributor's own ids, home-folder names, user names, e-mails and
 * names), compiled once per request into bounded, escaped, case-insensitive literal patterns,
 * bounded by Unicode letters and digits (`_` separates: `user_E000123_notes`). What is matched (and why):
 * - each id (employee, device) also with a separator where letters and digits meet
 *   (`E000123`, `E-000123`, `e_000123`); ids and home-folder names have their own slots, so the
 *   sender's certain identifiers are never crowded out by the hints a batch sends;
 * - each user name as given (`jsmith`), except generic accounts (`root`, `admin`…): those would
 *   wipe ordinary words from every diff and name nobody;
 * - each e-mail, and its local part (`john.smith`) when it is at least 3 characters and not generic;
 * - each full name, with any of space, dot, underscore or hyphen between parts and in either order
 *   (`John Smith`, `john.smith`, `Smith, John`);
 * - each single name part of 3+ letters, but only Capitalized (`Smith`, not `smith`): a lone
 *   lower-case part is far more often a word or identifier (`page`, `mark`, `grant`).
 * Hints shorter than 3 characters or without a letter or digit are ignored. At most 20 hints per
 * sent kind (the request schema's limit), 4 ids and 4 home-folder names, 128 characters each.
 */
import { compactForm } from '../../directory/tokens.ts';
import { REQUEST_LIMITS } from '../../schema/request.ts';
import { GENERIC_ACCOUNTS } from './detectors/flags.ts';
import { forEachMatch, re } from './registry.ts';
import type { Emit } from './types.ts';
import { wellFormed } from './utf8.ts';

export interface IdentityHintsInput {
  /** The sender's employee and device ids: certain, so they have their own slots. */
  ids?: readonly string[];
  /** User names of home folders in the batch's paths: their own slots too. */
  homeUsers?: readonly string[];
  usernames?: readonly string[];
  emails?: readonly string[];
  names?: readonly string[];
}

declare const preparedHintsBrand: unique symbol;
/** Opaque compiled hints; build with `prepareHints`. */
export type PreparedHints = { readonly [preparedHintsBrand]: true };

interface CompiledHints {
  /** Case-insensitive pattern over user names, e-mails, local parts and full names; null if none. */
  readonly insensitive: RegExp | null;
  /** Case-sensitive pattern over Capitalized single name parts; null if none. */
  readonly capitalized: RegExp | null;
  /** Lower-cased literals; the text must contain one before any pattern runs. */
  readonly prefilter: readonly string[];
  /** Letters and digits of each identifier (4+), for containment in labels and domains. */
  readonly compact: readonly string[];
}

export const HINT_LIMITS = {
  perKind: REQUEST_LIMITS.maxHintsPerKind,
  ids: 4,
  homeUsers: 4,
  maxLength: 128,
  minLength: 3,
  /** Shortest identifier looked for inside a label or domain (`smith` in `smith-tools.dev`). */
  minCompact: 4,
} as const;

const ESCAPE = re('hints.escape', /[.*+?^${}()|[\]\\/]/g);
const WHITESPACE = re('hints.whitespace', /\s{1,128}/g);
const NAME_SEPARATOR = '[\\s._-]{1,3}';
const BOUNDARY_BEFORE = '(?<![\\p{L}\\p{N}])';
const BOUNDARY_AFTER = '(?![\\p{L}\\p{N}])';
/** Between the letter and digit groups of an id: `E000123`, `E-000123`, `E_000123`, `E.000123`, `E 000123`. */
const ID_JOINT = '[-_. ]?';
const LETTERS_OR_DIGITS = re('hints.id_groups', /\p{L}+|\p{N}+|[^\p{L}\p{N}]+/gu);

function escapeLiteral(s: string): string {
  return s.replace(ESCAPE, '\\$&');
}

function clean(list: readonly unknown[] | undefined, limit: number = HINT_LIMITS.perKind): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const v of list.slice(0, limit)) {
    if (typeof v !== 'string') continue;
    const s = wellFormed(v).replace(WHITESPACE, ' ').trim();
    if (s.length >= HINT_LIMITS.minLength && s.length <= HINT_LIMITS.maxLength && hasWordChar(s)) out.push(s);
  }
  return out;
}

/** A hint of only punctuation (`...`, `(((`) would redact syntax, and names no one. */
function hasWordChar(s: string): boolean {
  return s.toLowerCase() !== s.toUpperCase() || /* digits */ s.split('').some((ch) => ch >= '0' && ch <= '9');
}

function isCapitalizable(part: string): boolean {
  return part.length >= HINT_LIMITS.minLength && part.toLowerCase() !== part.toUpperCase();
}

function capitalize(part: string): string {
  const lower = part.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** Builds a word-bounded alternation; longest first so `john.smith` wins over `john`. */
function alternation(sources: Set<string>, flags: string): RegExp | null {
  if (sources.size === 0) return null;
  const sorted = [...sources].sort((a, b) => b.length - a.length);
  return new RegExp(`${BOUNDARY_BEFORE}(?:${sorted.join('|')})${BOUNDARY_AFTER}`, flags);
}

/** The letter and digit groups of an id joined by single separators (`E-000123`), or null. */
function idGroups(id: string): string[] | null {
  const groups = id.match(LETTERS_OR_DIGITS) ?? [];
  const words = groups.filter(isWordGroup);
  const singleJoints = groups.every((g) => isWordGroup(g) || (g.length === 1 && '-_. '.includes(g)));
  // Only the short shapes ids have (`E000123`, `emp-42`); a device id's hex stays literal.
  if (words.length === 0 || words.length > 4 || !singleJoints) return null;
  return words;
}

/** An id as a pattern: its letter and digit groups may be joined by one separator or none. */
function idPattern(id: string): string {
  return idGroups(id)?.map(escapeLiteral).join(ID_JOINT) ?? escapeLiteral(id);
}

/** The longest group of an id: present in any text that holds the id, whatever its separators. */
function idPrefilter(id: string): string {
  const groups = idGroups(id) ?? [id];
  return groups.reduce((a, b) => (b.length > a.length ? b : a)).toLowerCase();
}

function isWordGroup(g: string): boolean {
  const c = g.charAt(0);
  return c.toLowerCase() !== c.toUpperCase() || (c >= '0' && c <= '9');
}

const EMPTY: CompiledHints = { insensitive: null, capitalized: null, prefilter: [], compact: [] };

/** Compile a batch's identity hints once per request (case-insensitive literal matching, escaped, bounded). */
export function prepareHints(hints: IdentityHintsInput | undefined): PreparedHints {
  if (hints === null || typeof hints !== 'object') return EMPTY as unknown as PreparedHints;
  const insensitive = new Set<string>();
  const capitalized = new Set<string>();
  const prefilter = new Set<string>();
  const compact = new Set<string>();
  const addCompact = (s: string): void => {
    const c = compactForm(s);
    if (c.length >= HINT_LIMITS.minCompact) compact.add(c);
  };
  const addLiteral = (s: string): void => {
    insensitive.add(escapeLiteral(s));
    prefilter.add(s.toLowerCase());
    addCompact(s);
  };
  const addEmail = (e: string): void => {
    addLiteral(e);
    const local = e.slice(0, e.indexOf('@') < 0 ? e.length : e.indexOf('@'));
    if (local.length >= HINT_LIMITS.minLength && !GENERIC_ACCOUNTS.has(local.toLowerCase()))
      addLiteral(local);
  };
  for (const id of clean(hints.ids, HINT_LIMITS.ids)) {
    if (id.includes('@')) addEmail(id);
    else {
      insensitive.add(idPattern(id));
      prefilter.add(idPrefilter(id));
      addCompact(id);
    }
  }
  // A batch comes from one person: more distinct home folders than this are not theirs to hint.
  for (const u of [...clean(hints.homeUsers, HINT_LIMITS.homeUsers), ...clean(hints.usernames)]) {
    if (!GENERIC_ACCOUNTS.has(u.toLowerCase())) addLiteral(u);
  }
  for (const e of clean(hints.emails)) addEmail(e);
  for (const n of clean(hints.names)) {
    const parts = n.split(' ').filter((p) => p.length > 0);
    if (parts.length > 1) {
      const esc = parts.map(escapeLiteral);
      insensitive.add(esc.join(NAME_SEPARATOR));
      insensitive.add(`${esc[esc.length - 1]},?${NAME_SEPARATOR}${esc.slice(0, -1).join(NAME_SEPARATOR)}`);
      prefilter.add(parts[parts.length - 1]!.toLowerCase());
      addCompact(parts.join(''));
      addCompact([parts[parts.length - 1]!, ...parts.slice(0, -1)].join(''));
    } else {
      addLiteral(n);
    }
    for (const p of parts) {
      addCompact(p);
      if (!isCapitalizable(p)) continue;
      capitalized.add(escapeLiteral(capitalize(p)));
      prefilter.add(p.toLowerCase());
    }
  }
  const compiled: CompiledHints = {
    insensitive: alternation(insensitive, 'giu'),
    capitalized: alternation(capitalized, 'gu'),
    prefilter: [...prefilter],
    compact: [...compact],
  };
  return compiled as unknown as PreparedHints;
}

/** The compiled patterns inside prepared hints, for the recheck test. */
export function hintPatterns(hints: PreparedHints): RegExp[] {
  const c = hints as unknown as CompiledHints;
  return [c.insensitive, c.capitalized].filter((r): r is RegExp => r !== null);
}

/**
 * Whether `value` (a label, a domain's own label) contains one of the sender's identifiers with only
 * its letters and digits (`jsmith` in `jsmithtools`, `anasilva` in `ana-silva.dev`).
 */
export function containsHint(value: string, hints: PreparedHints | undefined): boolean {
  return containsCompactHint(compactForm(value), hints);
}

/** `containsHint` given the value's `compactForm`, for a caller that needs that form again. */
export function containsCompactHint(compact: string, hints: PreparedHints | undefined): boolean {
  const c = hints as unknown as CompiledHints | undefined;
  if (!c || c.compact === undefined || c.compact.length === 0) return false;
  return c.compact.some((h) => compact.includes(h));
}

/** Emits every hint occurrence as IDENTITY. */
export function findHints(
  text: string,
  lower: () => string,
  hints: PreparedHints | undefined,
  emit: Emit,
): void {
  const c = hints as unknown as CompiledHints | undefined;
  if (!c || c.prefilter === undefined || c.prefilter.length === 0) return;
  const l = lower();
  if (!c.prefilter.some((p) => l.includes(p))) return;
  for (const regex of [c.insensitive, c.capitalized]) {
    if (!regex) continue;
    forEachMatch(regex, text, (m) => {
      emit(m.index, m.index + m[0].length, 'IDENTITY');
      return undefined;
    });
  }
}
