/**
 * The batch's identity hints (the contributor's own user names, e-mails and names), compiled once
 * per request into bounded, escaped, case-insensitive literal patterns, word-bounded by Unicode
 * letters and digits. What is matched (and why):
 * - each user name as given (`jsmith`), except generic accounts (`root`, `admin`…): those would
 *   wipe ordinary words from every diff and name nobody;
 * - each e-mail, and its local part (`john.smith`) when it is at least 3 characters and not generic;
 * - each full name, with any of space, dot, underscore or hyphen between parts and in either order
 *   (`John Smith`, `john.smith`, `Smith, John`);
 * - each single name part of 3+ letters, but only Capitalized (`Smith`, not `smith`): a lone
 *   lower-case part is far more often a word or identifier (`page`, `mark`, `grant`).
 * Hints shorter than 3 characters or without a letter or digit are ignored. At most 16 hints per kind, 128 characters each.
 */
import { GENERIC_ACCOUNTS } from './detectors/flags.ts';
import { forEachMatch, re } from './registry.ts';
import type { Emit } from './types.ts';
import { wellFormed } from './utf8.ts';

export interface IdentityHintsInput {
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
}

export const HINT_LIMITS = { perKind: 16, maxLength: 128, minLength: 3 } as const;

const ESCAPE = re('hints.escape', /[.*+?^${}()|[\]\\/]/g);
const WHITESPACE = re('hints.whitespace', /\s{1,128}/g);
const NAME_SEPARATOR = '[\\s._-]{1,3}';
const BOUNDARY_BEFORE = '(?<![\\p{L}\\p{N}_])';
const BOUNDARY_AFTER = '(?![\\p{L}\\p{N}_])';

function escapeLiteral(s: string): string {
  return s.replace(ESCAPE, '\\$&');
}

function clean(list: readonly unknown[] | undefined): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const v of list.slice(0, HINT_LIMITS.perKind)) {
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

const EMPTY: CompiledHints = { insensitive: null, capitalized: null, prefilter: [] };

/** Compile a batch's identity hints once per request (case-insensitive literal matching, escaped, bounded). */
export function prepareHints(hints: IdentityHintsInput | undefined): PreparedHints {
  if (hints === null || typeof hints !== 'object') return EMPTY as unknown as PreparedHints;
  const insensitive = new Set<string>();
  const capitalized = new Set<string>();
  const prefilter = new Set<string>();
  const addLiteral = (s: string): void => {
    insensitive.add(escapeLiteral(s));
    prefilter.add(s.toLowerCase());
  };
  for (const u of clean(hints.usernames)) {
    if (!GENERIC_ACCOUNTS.has(u.toLowerCase())) addLiteral(u);
  }
  for (const e of clean(hints.emails)) {
    addLiteral(e);
    const local = e.slice(0, e.indexOf('@') < 0 ? e.length : e.indexOf('@'));
    if (local.length >= HINT_LIMITS.minLength && !GENERIC_ACCOUNTS.has(local.toLowerCase()))
      addLiteral(local);
  }
  for (const n of clean(hints.names)) {
    const parts = n.split(' ').filter((p) => p.length > 0);
    if (parts.length > 1) {
      const esc = parts.map(escapeLiteral);
      insensitive.add(esc.join(NAME_SEPARATOR));
      insensitive.add(`${esc[esc.length - 1]},?${NAME_SEPARATOR}${esc.slice(0, -1).join(NAME_SEPARATOR)}`);
      prefilter.add(parts[parts.length - 1]!.toLowerCase());
    } else {
      addLiteral(n);
    }
    for (const p of parts) {
      if (!isCapitalizable(p)) continue;
      capitalized.add(escapeLiteral(capitalize(p)));
      prefilter.add(p.toLowerCase());
    }
  }
  const compiled: CompiledHints = {
    insensitive: alternation(insensitive, 'giu'),
    capitalized: alternation(capitalized, 'gu'),
    prefilter: [...prefilter],
  };
  return compiled as unknown as PreparedHints;
}

/** The compiled patterns inside prepared hints, for the recheck test. */
export function hintPatterns(hints: PreparedHints): RegExp[] {
  const c = hints as unknown as CompiledHints;
  return [c.insensitive, c.capitalized].filter((r): r is RegExp => r !== null);
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
