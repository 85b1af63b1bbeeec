/**
 * How the directory sees text: tokens are maximal runs of letters or of digits (`E000123` is
 * `e`,`000123`; `O'Brien` is one token `obrien`), folded to lower case without diacritics
 * (`José` → `jose`). The build and the scrubber both tokenize through this one scanner, so a
 * name hashes the same in the people file and in a diff.
 */
import { digest, feedChar, type HashKey, type HashState, KIND, start } from './keyed-hash.ts';

/** Character classes, per UTF-16 unit. */
const SEP = 0;
const LETTER = 1;
const DIGIT = 2;
/** Combining marks: part of the token, hashed as nothing (`e\u0301` = `é` = `e`). */
const MARK = 3;
const APOSTROPHE = 4;

const UNKNOWN = 255;
const ASCII_CLASS = new Uint8Array(128).map((_, c) =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : c >= 48 && c <= 57 ? 2 : c === 0x27 ? 4 : 0,
);
const classes = new Uint8Array(65536).fill(UNKNOWN);
/** Folded unit per unit; -1 = not yet computed, -2 = folds to several units (see `multiFold`). */
const folds = new Int32Array(65536).fill(-1);
const multiFold = new Map<number, string>();

const IS_LETTER = /\p{L}/u;
const IS_DIGIT = /\p{N}/u;
const IS_MARK = /\p{M}/u;
const MARKS = /\p{M}/gu;

function classify(c: number): number {
  let k = classes[c]!;
  if (k !== UNKNOWN) return k;
  const ch = String.fromCharCode(c);
  if (c === 0x27 || c === 0x2019) k = APOSTROPHE;
  else if (IS_LETTER.test(ch)) k = LETTER;
  else if (IS_DIGIT.test(ch)) k = DIGIT;
  else if (IS_MARK.test(ch)) k = MARK;
  else k = SEP;
  classes[c] = k;
  return k;
}

/** Lower case, diacritics removed; may be empty (a mark) or several units (`ß` stays `ß`, `ﬁ` → `fi`). */
function foldOf(c: number): string {
  return String.fromCharCode(c).toLowerCase().normalize('NFKD').replace(MARKS, '');
}

function feedFolded(s: HashState, c: number): void {
  if (c < 128) {
    feedChar(s, c >= 65 && c <= 90 ? c + 32 : c);
    return;
  }
  let f = folds[c]!;
  if (f === -1) {
    const str = foldOf(c);
    if (str.length === 1) f = str.charCodeAt(0);
    else {
      f = -2;
      multiFold.set(c, str);
    }
    folds[c] = f;
  }
  if (f >= 0) feedChar(s, f);
  else {
    const str = multiFold.get(c)!;
    for (let i = 0; i < str.length; i++) feedChar(s, str.charCodeAt(i));
  }
}

function isUpper(c: number): boolean {
  if (c < 128) return c >= 65 && c <= 90;
  const ch = String.fromCharCode(c);
  return ch !== ch.toLowerCase();
}

/** One token as the scanner reports it. Objects are reused: copy what you keep. */
export interface Token {
  start: number;
  end: number;
  /** Letters (true) or digits (false). */
  letters: boolean;
  /** First letter upper case (`Ana`, `SILVA`), as names are written. */
  cased: boolean;
  /** Letters and digits in the token (marks and apostrophes excluded). */
  length: number;
  /** Keyed digest of the folded token. */
  hi: number;
  lo: number;
  /** A cheap keyed value of the token before the digest's avalanche: what the token filter is indexed by. */
  raw: number;
  /**
   * The text between the previous token and this one: 0 when empty (a letter–digit change inside
   * a word), the separator's code when it is one of `. _ -`, else -1.
   */
  joint: number;
  /** Whether the gap before may sit inside a name: 1–3 spaces, one of `. _ -`, or `,` and up to 2 spaces. */
  nameGap: boolean;
  /** A filtered scan skipped tokens between the previous visited token and this one. */
  afterSkipped: boolean;
}

/** Longest token considered; longer runs (base64, hex dumps) are hashed but never match a stored length. */
const MAX_TOKEN = 64;

function classifyGap(text: string, from: number, to: number, t: Token): void {
  const len = to - from;
  t.joint = -1;
  t.nameGap = false;
  if (len === 0) {
    t.joint = 0;
    return;
  }
  if (len === 1 && text.charCodeAt(from) === 32) {
    // The common case: one space.
    t.nameGap = true;
    return;
  }
  if (len > 4) return;
  const c0 = text.charCodeAt(from);
  if (len === 1 && (c0 === 46 || c0 === 95 || c0 === 45)) {
    t.joint = c0;
    t.nameGap = true;
    return;
  }
  let i = from;
  if (c0 === 44) i++;
  const spaces = to - i;
  if (spaces > 3) return;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xa0) return;
  }
  t.nameGap = c0 === 44 ? spaces <= 2 : spaces >= 1;
}

/**
 * Calls `visit` at the end of every token of `text`, in order, with the token. Linear in the text:
 * every unit is classified once and hashed once.
 */
export function scanTokens(key: HashKey, text: string, visit: (t: Token) => void): void {
  scanTokensFrom(tokenSeed(key), text, visit);
}

/** The started state of a token hash under `key`: computed once per directory, copied per token. */
export function tokenSeed(key: HashKey): HashState {
  return start(key, KIND.token, { a: 0, b: 0 });
}

/** `scanTokens` with the token seed precomputed (the scrubber's path). */
export function scanTokensFrom(
  seed: HashState,
  text: string,
  visit: (t: Token) => void,
  /**
   * Bits by token `raw` (length a power of two, in 32-bit words): a token whose bit is clear is not
   * visited (most tokens), and the next visited token has `afterSkipped` set.
   */
  filter?: Uint32Array,
): void {
  const filterMask = filter ? filter.length * 32 - 1 : 0;
  let skipped = false;
  const t: Token = {
    start: 0,
    end: 0,
    letters: true,
    cased: false,
    length: 0,
    hi: 0,
    lo: 0,
    joint: -1,
    nameGap: false,
    afterSkipped: false,
    raw: 0,
  };
  const state: HashState = { a: 0, b: 0 };
  const out: HashState = { a: 0, b: 0 };
  const n = text.length;
  let prevEnd = -1;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? ASCII_CLASS[c]! : classify(c);
    if (k !== LETTER && k !== DIGIT) {
      i++;
      continue;
    }
    // A token starts at i.
    const letters = k === LETTER;
    t.start = i;
    t.letters = letters;
    t.cased = letters && (c < 128 ? c <= 90 : isUpper(c));
    const gapFrom = prevEnd;
    // The hash lanes live in locals in the hot loop (ASCII inline); feedFolded for the rest.
    let ha = seed.a;
    let hb = seed.b;
    let length = 0;
    while (i < n) {
      const d = text.charCodeAt(i);
      const kd = d < 128 ? ASCII_CLASS[d]! : classify(d);
      if (kd === k) {
        if (length >= MAX_TOKEN) {
          // too long to be anyone's: keep scanning, stop hashing
        } else if (d < 128) {
          const f = d >= 65 && d <= 90 ? d + 32 : d;
          ha = Math.imul(ha ^ f, 0x01000193);
          hb = Math.imul(hb ^ f, 0x5bd1e995) ^ (ha >>> 13);
        } else {
          state.a = ha;
          state.b = hb;
          feedFolded(state, d);
          ha = state.a;
          hb = state.b;
        }
        length++;
        i++;
      } else if (kd === MARK && letters) {
        i++;
      } else if (kd === APOSTROPHE && letters && i + 1 < n && classify(text.charCodeAt(i + 1)) === LETTER) {
        i++;
      } else break;
    }
    state.a = ha;
    state.b = hb;
    t.end = i;
    t.length = length;
    prevEnd = i;
    // The filter is read before the digest is made: most tokens stop here.
    const raw = (ha ^ Math.imul(hb, 0x9e3779b1) ^ length) >>> 0;
    if (filter) {
      const b = raw & filterMask;
      if ((filter[b >>> 5]! & (1 << (b & 31))) === 0) {
        skipped = true;
        continue;
      }
    }
    t.raw = raw;
    digest(state, out);
    t.hi = out.a;
    t.lo = out.b;
    if (gapFrom < 0) {
      t.joint = -1;
      t.nameGap = false;
    } else classifyGap(text, gapFrom, t.start, t);
    t.afterSkipped = skipped;
    skipped = false;
    visit(t);
  }
}

/** Whether the UTF-16 unit is a letter or a digit (a token character). */
export function isLetterOrDigit(c: number): boolean {
  const k = classify(c);
  return k === LETTER || k === DIGIT;
}

/** The folded letters and digits of `text` (`Ana-Silva` → `anasilva`), for containment checks. */
export function compactForm(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = classify(c);
    if (k === LETTER || k === DIGIT)
      out += c < 128 ? String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c) : foldOf(c);
  }
  return out;
}
