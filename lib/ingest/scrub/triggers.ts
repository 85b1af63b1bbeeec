/**
 * Trigger literals: the cheap prefilters of the detectors (`'AKIA'`, `'password'`, `'--'`),
 * found in ONE pass over the text instead of one `includes()` scan each (there are ~80, and each
 * scan of an absent literal reads the whole text). A detector registers its literals at load time
 * with `lit()` / `ilit()` and asks `triggers.has(id)` during a scan. Answers are exact: `has(id)`
 * is true exactly when `text.includes(lit)` (case-sensitive literals) or
 * `text.toLowerCase().includes(lit)` (case-insensitive ones) is. The same pass takes digit
 * statistics, which let the digit-led detectors (phone, card, IBAN, national ids) skip a text, and
 * the runs of base64 characters worth decoding (decode.ts).
 *
 * The pass reads the text's UTF-8 bytes, encoded natively into a reused buffer: indexing a byte
 * array is several times cheaper in V8 than `charCodeAt`, and UTF-8 keeps every non-ASCII
 * character out of the ASCII range, so no literal can match across one.
 */

import {
  B64_VALUE,
  HEX_VALUE,
  MIN_B64_RUN,
  MIN_HEX_RUN,
  startsTextBase64,
  THIRD_GROUP_RUN,
} from './encoded-runs.ts';

const literals: string[] = [];
const insensitive: boolean[] = [];
const byKey = new Map<string, number>();
/** Tables are (re)built on the first scan after a registration. */
let built = false;

export function isPrintableAscii(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * Registers a printable-ASCII literal (case-insensitive ones are given in lower case) and
 * returns its id. The same literal registered twice gets the same id.
 */
export function lit(literal: string, caseInsensitive = false): number {
  if (!isPrintableAscii(literal)) throw new Error('scrubber: bad trigger literal');
  if (caseInsensitive && literal !== literal.toLowerCase()) throw new Error('scrubber: bad trigger literal');
  // One-character literals are answered by a case-sensitive `includes`: no letters among them.
  if (literal.length === 1 && literal.toLowerCase() !== literal.toUpperCase())
    throw new Error('scrubber: bad trigger literal');
  const key = `${caseInsensitive ? 'i' : 's'}:${literal}`;
  const known = byKey.get(key);
  if (known !== undefined) return known;
  const id = literals.length;
  literals.push(literal);
  insensitive.push(caseInsensitive);
  byKey.set(key, id);
  built = false;
  return id;
}

/** Every registered literal and whether it is case-insensitive, by id: for the exactness test. */
export function registeredLiterals(): ReadonlyArray<{
  readonly id: number;
  readonly literal: string;
  readonly caseInsensitive: boolean;
}> {
  return literals.map((literal, id) => ({ id, literal, caseInsensitive: insensitive[id]! }));
}

/** Case-insensitive literal (given in lower case). */
export const ilit = (literal: string): number => lit(literal, true);

/** ASCII case fold of a byte; 0 for non-ASCII bytes (no literal contains NUL, so 0 never matches). */
const FOLD = new Uint8Array(256);
/**
 * Per byte, packed so the scan loads one table: bits 0–6 the fold, bit 7 digit, bit 8 capital,
 * bit 9 base64 character (either alphabet), bit 10 a character that starts the base64 of text
 * (`C D I…Z a…f`: the top six bits of a text byte).
 * (Each typed-array access in the loop costs a few loads; one table instead of several is faster.)
 */
const INFO = new Uint16Array(256);
const DIGIT_SHIFT = 7;
const UPPER_SHIFT = 8;
const B64_SHIFT = 9;
const TEXT_B64_START_SHIFT = 10;
for (let c = 0; c < 128; c++) {
  const upper = c >= 65 && c <= 90 ? 1 : 0;
  const digit = c >= 48 && c <= 57 ? 1 : 0;
  const b64 = B64_VALUE[c]! >= 0 ? 1 : 0;
  const textStart = startsTextBase64(c) ? 1 : 0;
  FOLD[c] = upper ? c | 32 : c;
  INFO[c] =
    FOLD[c]! |
    (digit << DIGIT_SHIFT) |
    (upper << UPPER_SHIFT) |
    (b64 << B64_SHIFT) |
    (textStart << TEXT_B64_START_SHIFT);
}

/** [start, end) pairs of the current scan's candidate runs (reused; grown when needed). */
let runSpans = new Int32Array(64);
const NO_RUNS = new Int32Array(0);
let runCount = 0;

function pushRun(start: number, end: number): void {
  if (runCount * 2 + 2 > runSpans.length) {
    const grown = new Int32Array(runSpans.length * 2);
    grown.set(runSpans);
    runSpans = grown;
  }
  runSpans[runCount * 2] = start;
  runSpans[runCount * 2 + 1] = end;
  runCount++;
}

// Literals of two or more characters, chained by their first two characters folded; the rest is
// compared on a hit (exactly for case-sensitive literals). One-character literals are answered
// by `includes` on demand: it is native and they are few.
let head = new Int16Array(0);
/**
 * Per chain, which third characters its literals can have: bit `FOLD[c] & 31` (all bits when a
 * literal of the chain has only two characters). Tested in the scan before the chain is walked:
 * a common pair (`nt`, `re`) rarely continues the way a literal does (`ntn_`, `redis-cli`).
 */
let thirds = new Uint32Array(0);
let next = new Int16Array(0);
let chars = new Uint8Array(0);
let offsets = new Int32Array(0);
let lengths = new Int32Array(0);
let folded = new Uint8Array(0);
/** Per-literal state at the start of a scan (copied, not computed, per text: there are hundreds of literals). */
let initialStates = new Uint8Array(0);

function build(): void {
  const n = literals.length;
  if (n >= 0x7fff) throw new Error('scrubber: too many trigger literals');
  head = new Int16Array(128 * 128).fill(-1);
  thirds = new Uint32Array(128 * 128);
  next = new Int16Array(n).fill(-1);
  offsets = new Int32Array(n);
  lengths = new Int32Array(n);
  folded = new Uint8Array(n);
  chars = new Uint8Array(literals.reduce((sum, s) => sum + s.length, 0));
  let at = 0;
  for (let id = 0; id < n; id++) {
    const s = literals[id]!;
    offsets[id] = at;
    lengths[id] = s.length;
    folded[id] = insensitive[id] ? 1 : 0;
    for (let k = 0; k < s.length; k++) chars[at++] = s.charCodeAt(k);
    if (s.length === 1) continue;
    const key = (FOLD[s.charCodeAt(0)]! << 7) | FOLD[s.charCodeAt(1)]!;
    next[id] = head[key]!;
    head[key] = id;
    thirds[key] = thirds[key]! | (s.length === 2 ? 0xffffffff : 1 << (FOLD[s.charCodeAt(2)]! & 31));
  }
  // UNKNOWN for one-character literals (answered on demand), ABSENT for the others until seen.
  initialStates = new Uint8Array(n);
  for (let id = 0; id < n; id++) initialStates[id] = lengths[id]! > 1 ? ABSENT : UNKNOWN;
  built = true;
}

/** Reused UTF-8 scratch; a text needing more than the retained size gets a temporary one. */
const RETAINED_SCRATCH = 2 << 20;
let scratch = new Uint8Array(1 << 16);

/** The UTF-8 bytes of `text` in a scratch buffer, and their number. */
function encode(text: string): { bytes: Uint8Array; n: number } {
  // Code is mostly ASCII (one byte per unit): try the exact size first, 3 bytes per unit only if needed.
  for (const perUnit of [1, 3]) {
    const need = text.length * perUnit + 1; // one byte past the text: the scan peeks at bytes[i + 1]
    let bytes = scratch;
    if (bytes.length < need) {
      bytes = new Uint8Array(need);
      if (need <= RETAINED_SCRATCH) scratch = bytes;
    }
    const r = encoder.encodeInto(text, bytes);
    if (r.read === text.length) return { bytes, n: r.written };
  }
  throw new Error('scrubber: text could not be encoded');
}
const encoder = new TextEncoder();

const UNKNOWN = 0;
const ABSENT = 1;
const PRESENT = 2;

/** Ids of the multi-character literals found by the current scan, in the order found. */
let presentIds = new Int32Array(0);
let presentCount = 0;

// Per-literal states of the current scan. Allocating a typed array per text costs more than the
// scan of a short text, so one is reused: a Triggers answers only while it is the latest one
// (scans are synchronous; `has` on a stale one throws, and the scrubber fails closed).
let states = new Uint8Array(0);
let generation = 0;

/** What one pass found in one text. */
export class Triggers {
  /** Number of ASCII digits. */
  readonly digits: number;
  /** Longest run of consecutive ASCII digits. */
  readonly maxDigitRun: number;
  /** An ASCII capital directly followed by a digit occurs (`DE89…`). */
  readonly upperDigit: boolean;
  /** Every character is ASCII (one UTF-8 byte each): such text is already normal. */
  readonly ascii: boolean;
  private readonly text: string;
  private readonly lower: () => string;
  private readonly generation: number;
  /** -1 until asked: does the text hold U+0130 or U+212A, whose lower case is ASCII? */
  private exotic = -1;

  constructor(text: string, lower: () => string) {
    if (!built) build();
    this.text = text;
    this.lower = lower;
    if (states.length !== literals.length) {
      states = new Uint8Array(literals.length);
      presentIds = new Int32Array(literals.length);
    }
    presentCount = 0;
    // Per literal: UNKNOWN (one-character literals, until asked), ABSENT or PRESENT.
    const state = states;
    state.set(initialStates);
    this.generation = ++generation;

    const { bytes, n } = encode(text);
    scanBytes(bytes, n, state);
    this.digits = scanned.digits;
    this.maxDigitRun = scanned.maxDigitRun;
    this.upperDigit = scanned.upperDigit;
    this.ascii = n === text.length;
  }

  /**
   * The multi-character literals this text holds, as ids (each once). Lets a detector with many
   * literals visit the few present instead of asking about each. Exact for case-sensitive
   * literals; a case-insensitive one that only matches through `İ` or `K` (whose lower case is
   * ASCII) is missing here though `has` answers true: detectors that use this register `lit`s.
   */
  presentLiterals(): Int32Array {
    if (this.generation !== generation) throw new Error('scrubber: stale triggers');
    return presentIds.subarray(0, presentCount);
  }

  /**
   * Runs of base64 characters that may be the encoding of text (see isCandidateRun), as
   * [start, end) pairs.
   * Offsets are UTF-8 byte offsets, equal to string indices only when `ascii`; a copy, so it
   * stays valid after the next scan.
   */
  encodedRuns(): Int32Array {
    if (this.generation !== generation) throw new Error('scrubber: stale triggers');
    return runCount === 0 ? NO_RUNS : runSpans.slice(0, runCount * 2);
  }

  /** True when the literal `id` occurs in the text (case-insensitively when registered so). */
  has(id: number): boolean {
    if (this.generation !== generation) throw new Error('scrubber: stale triggers');
    let s = states[id]!;
    if (s === UNKNOWN) {
      s = this.text.includes(literals[id]!) ? PRESENT : ABSENT;
      states[id] = s;
    }
    if (s === PRESENT) return true;
    if (!insensitive[id]) return false;
    if (this.exotic < 0) this.exotic = this.text.includes('\u0130') || this.text.includes('\u212a') ? 1 : 0;
    // Those two lower-case to ASCII letters: ask the lower-cased text itself.
    return this.exotic === 1 && this.lower().includes(literals[id]!);
  }
}

/**
 * A run of base64 characters bytes[start, end) worth decoding (the rule of encoded-runs.ts): the
 * base64 of text (its 1st, 5th and 9th characters each start a text byte's encoding: `C D I…Z
 * a…f`), or all hex digits and MIN_HEX_RUN or longer. Checked once per run, at its end.
 */
function isCandidateRun(bytes: Uint8Array, start: number, end: number): boolean {
  const len = end - start;
  if (
    (INFO[bytes[start]!]! >> TEXT_B64_START_SHIFT) & 1 &&
    (INFO[bytes[start + 4]!]! >> TEXT_B64_START_SHIFT) & 1 &&
    (len < THIRD_GROUP_RUN || (INFO[bytes[start + 8]!]! >> TEXT_B64_START_SHIFT) & 1)
  ) {
    return true;
  }
  if (len < MIN_HEX_RUN) return false;
  for (let i = start; i < end; i++) if (HEX_DIGIT[bytes[i]!] === 0) return false;
  return true;
}

/** A run of base64 characters bytes[start, end), MIN_B64_RUN or longer, has ended: keep it if it is a candidate. */
function endRun(bytes: Uint8Array, start: number, end: number): void {
  if (isCandidateRun(bytes, start, end)) pushRun(start, end);
}
/** 1 for the bytes of hex digits (a byte table: indexed without a range check). */
const HEX_DIGIT = new Uint8Array(256);
for (let c = 0; c < 128; c++) HEX_DIGIT[c] = HEX_VALUE[c]! >= 0 ? 1 : 0;

/** What the last scanBytes found (module-level, so the hot loop is a plain function). */
const scanned = { digits: 0, maxDigitRun: 0, upperDigit: false };

/**
 * The one pass over a text's bytes: trigger literals (marked in `state`), digit statistics and
 * candidate base64 runs.
 */
function scanBytes(bytes: Uint8Array, n: number, state: Uint8Array): void {
  // Tables in locals: module bindings would be reloaded at every access in the loop.
  const info = INFO;
  const heads = head;
  const third = thirds;
  const fold = FOLD;
  const minB64Run = MIN_B64_RUN;
  let prev = 0;
  let digits = 0;
  let run = 0;
  let maxRun = 0;
  let prevUpper = 0;
  let upperDigit = 0;
  let prevB64Len = 0;
  runCount = 0;
  for (let i = 0; i < n; i++) {
    const x = info[bytes[i]!]!;
    const d = (x >> DIGIT_SHIFT) & 1;
    digits += d;
    run = (run + 1) & -d; // +1 on a digit, 0 otherwise
    if (run > maxRun) maxRun = run;
    upperDigit |= prevUpper & d;
    prevUpper = (x >> UPPER_SHIFT) & 1;
    // Runs of base64 characters, branch-free; a long one is checked once, where it ends.
    const b64Len = (prevB64Len + 1) & -((x >> B64_SHIFT) & 1);
    if (prevB64Len >= minB64Run && b64Len === 0) endRun(bytes, i - prevB64Len, i);
    prevB64Len = b64Len;
    const f = x & 127;
    const key = (prev << 7) | f;
    // A pair heading a chain, and the next byte one its literals can continue with (bytes[n], past
    // the text, only matters to two-character literals, whose bits are all set). One load and no
    // branch until both hold: common pairs (`re`, `nt`) head chains but rarely continue as a literal.
    if ((third[key]! >>> (fold[bytes[i + 1]!]! & 31)) & 1) matchChain(bytes, n, i - 1, heads[key]!, state);
    prev = f;
  }
  if (prevB64Len >= minB64Run) endRun(bytes, n - prevB64Len, n);
  scanned.digits = digits;
  scanned.maxDigitRun = maxRun;
  scanned.upperDigit = upperDigit === 1;
}

/** Marks each literal of the chain starting at `id` that occurs at byte `at`. */
function matchChain(bytes: Uint8Array, n: number, at: number, first: number, state: Uint8Array): void {
  for (let id = first; id >= 0; id = next[id]!) {
    if (state[id] === PRESENT) continue;
    const len = lengths[id]!;
    if (at + len > n) continue;
    const o = offsets[id]!;
    let k = 0;
    if (folded[id] === 1) {
      // The first two characters already match, folded.
      for (k = 2; k < len; k++) if (FOLD[bytes[at + k]!] !== chars[o + k]) break;
    } else {
      for (k = 0; k < len; k++) if (bytes[at + k] !== chars[o + k]) break;
    }
    if (k === len) {
      state[id] = PRESENT;
      presentIds[presentCount++] = id;
    }
  }
}
