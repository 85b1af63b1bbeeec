/**
 * Decode and recheck: the encoded forms in which a secret still reaches storage intact. Candidate
 * tokens of the (normalised) text are decoded ONE level and the decoded text goes through the same
 * passes as the text itself; a finding there is replaced in the encoded token.
 * - Percent-encoding (`access%5Ftoken%3D…`, `postgres%3A%2F%2Fuser%3Apass%40host`): every run of
 *   URL characters holding a `%XX` escape. Each decoded character maps to its escape, so only the
 *   finding's own part of the token is replaced (`access%5Ftoken%3D<SECRET>`).
 * - Base64 (standard or URL alphabet) and hex: every run of those alphabets that can be the
 *   encoding of 8+ bytes of text and decodes to printable ASCII. A finding replaces the whole token.
 *   (Base64 split over lines, as MIME writes it, is decoded line by line.)
 * Work is bounded and linear: a long token is decoded in windows of WINDOW characters that overlap
 * by OVERLAP (longer than any secret shape we look for), so each character is decoded at most twice.
 */

import {
  B64_VALUE,
  HEX_VALUE,
  MIN_B64_RUN,
  MIN_HEX_RUN,
  startsTextBase64,
  THIRD_GROUP_RUN,
} from './encoded-runs.ts';
import { normalise } from './normalise.ts';
import { forEachAnchor } from './registry.ts';
import { compose, type TextView, ViewBuilder } from './view.ts';

/** Characters decoded per window; windows overlap so a secret cut by one boundary is whole in the next. */
export const WINDOW = 2048;
export const OVERLAP = 512;
/** Shortest base64/hex run (padding included) worth decoding: 8+ bytes of text (an IPv4 address, an SSN). */
export const MIN_ENCODED = 12;
const MIN_DECODED_BYTES = 8;

/** A decoded view of (part of) an encoded token. */
export interface DecodedView {
  /** The decoded text; for percent-encoding, mapped character by character to the scanned text. */
  readonly view: TextView;
  /** True when a finding replaces the whole token (base64, hex) rather than its own mapped span. */
  readonly wholeToken: boolean;
  /** The encoded token in the scanned text (all of it, even when this view decodes one window). */
  readonly start: number;
  readonly end: number;
}

function hexAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? HEX_VALUE[c]! : -1;
}

/** Characters that end a percent-encoded run: blanks, quotes, angle brackets (and placeholders). */
function endsUrlRun(c: number): boolean {
  return c <= 32 || c === 34 || c === 39 || c === 96 || c === 60 || c === 62 || c === 127;
}

/**
 * Calls `visit` with each decoded view of `text`'s encoded tokens. `visit` returns true when it
 * found something that replaces the whole token: the token's remaining windows are then skipped.
 * `runs` are the candidate base64/hex runs when already known (candidateRuns otherwise).
 */
export function forEachDecoded(
  text: string,
  visit: (d: DecodedView) => boolean | undefined,
  runs: Int32Array = candidateRuns(text),
): void {
  if (text.includes('%')) percentRuns(text, visit);
  for (let k = 0; k + 1 < runs.length; k += 2) decodeRun(text, runs[k]!, runs[k + 1]!, visit);
}

/** Percent-encoded runs: decoded in windows, each mapped escape by escape. */
function percentRuns(text: string, visit: (d: DecodedView) => unknown): void {
  let done = 0;
  forEachAnchor(text, '%', (i) => {
    if (i < done || hexAt(text, i + 1) < 0 || hexAt(text, i + 2) < 0) return undefined;
    let start = i;
    while (start > done && !endsUrlRun(text.charCodeAt(start - 1))) start--;
    let end = i + 3;
    while (end < text.length && !endsUrlRun(text.charCodeAt(end))) end++;
    done = end;
    for (const [a, b] of windows(start, end, 1)) {
      const decoded = percentDecode(text, a, b);
      if (decoded !== null) visit({ view: decoded, wholeToken: false, start, end });
    }
    return end;
  });
}

/** Windows of [start, end): WINDOW long, overlapping by OVERLAP, starting at multiples of `align`. */
function windows(start: number, end: number, align: number): Array<[number, number]> {
  if (end - start <= WINDOW) return [[start, end]];
  const out: Array<[number, number]> = [];
  const step = WINDOW - OVERLAP;
  for (let a = start; ; a += step - (step % align)) {
    const b = Math.min(end, a + WINDOW);
    out.push([a, b]);
    if (b === end) return out;
  }
}

const utf8 = new TextDecoder('utf-8');

/**
 * text[start, end) with `%XX` decoded, then normalised (an escaped zero-width character is as
 * invisible as a raw one); null when nothing was decoded. A `%` window edge may cut an escape:
 * the overlap of the next window decodes it whole.
 */
function percentDecode(text: string, start: number, end: number): TextView | null {
  const out = new ViewBuilder();
  let decodedAny = false;
  let i = start;
  while (i < end) {
    const hi = text.charCodeAt(i) === 37 && i + 2 < end ? hexAt(text, i + 1) : -1;
    const lo = hi >= 0 ? hexAt(text, i + 2) : -1;
    if (lo < 0) {
      out.push(text.charAt(i), i, i + 1);
      i++;
      continue;
    }
    decodedAny = true;
    const byte = hi * 16 + lo;
    if (byte < 0x80) {
      out.push(String.fromCharCode(byte), i, i + 3);
      i += 3;
      continue;
    }
    // A run of non-ASCII escapes is one UTF-8 sequence (or several): decoded together, mapped to the run.
    const bytes: number[] = [];
    let j = i;
    while (j + 2 < end && text.charCodeAt(j) === 37) {
      const h = hexAt(text, j + 1);
      const l = h >= 0 ? hexAt(text, j + 2) : -1;
      if (l < 0 || h * 16 + l < 0x80) break;
      bytes.push(h * 16 + l);
      j += 3;
    }
    out.push(utf8.decode(new Uint8Array(bytes)), i, j);
    i = j;
  }
  if (!decodedAny) return null;
  const decoded = out.build();
  return compose(decoded, normalise(decoded.text));
}

/** The rule of encoded-runs.ts (as triggers.ts isCandidateRun applies it to bytes), on a string. */
function isCandidate(text: string, start: number, end: number): boolean {
  const len = end - start;
  if (len < MIN_B64_RUN) return false;
  if (
    startsTextBase64(text.charCodeAt(start)) &&
    startsTextBase64(text.charCodeAt(start + 4)) &&
    (len < THIRD_GROUP_RUN || startsTextBase64(text.charCodeAt(start + 8)))
  ) {
    return true;
  }
  if (len < MIN_HEX_RUN) return false;
  for (let i = start; i < end; i++) if (hexAt(text, i) < 0) return false;
  return true;
}

/**
 * Candidate runs of `text`, as [start, end) pairs: whole runs of base64 characters (either
 * alphabet) that start like the base64 of text and are 10+ long, or all hex and 16+ long
 * (encoded-runs.ts).
 * The scan of an ASCII text gets them from its trigger pass (the same rule, triggers.ts); this
 * is for the other views.
 */
export function candidateRuns(text: string): Int32Array {
  const out: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c >= 128 || B64_VALUE[c]! < 0) {
      i++;
      continue;
    }
    const start = i;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d >= 128 || B64_VALUE[d]! < 0) break;
      i++;
    }
    if (isCandidate(text, start, i)) out.push(start, i);
  }
  return Int32Array.from(out);
}

/**
 * Decodes the run text[start, end) (with its `=` padding) as hex (when it is all hex digits) or
 * base64; decoding must give printable ASCII text. The base64 test is cheap before anything is
 * decoded: in the base64 of ASCII text, every 4th character (the top six bits of a byte below
 * 0x80) is one of `C D I…Z a…f`. Once a window of a token holds a finding the whole token is
 * replaced, so its other windows are skipped.
 */
function decodeRun(
  text: string,
  start: number,
  runEnd: number,
  visit: (d: DecodedView) => boolean | undefined,
): void {
  let end = runEnd;
  let allHex = true;
  for (let i = start; i < end && allHex; i++) {
    const c = text.charCodeAt(i);
    allHex = c < 128 && HEX_VALUE[c]! >= 0;
  }
  for (let pad = 0; pad < 2 && text.charCodeAt(end) === 61; pad++) end++;
  if (end - start < MIN_ENCODED) return;
  for (const [a, b] of windows(start, end, allHex ? 2 : 4)) {
    const decoded = (allHex && hexText(text, a, b)) || base64Text(text, a, b);
    if (decoded !== null && visit({ view: normalise(decoded), wholeToken: true, start, end }) === true)
      return;
  }
}

/** Printable ASCII, tab, newline or carriage return. */
function isTextByte(b: number): boolean {
  return (b >= 32 && b < 127) || b === 9 || b === 10 || b === 13;
}

function hexText(text: string, start: number, end: number): string | null {
  const len = (end - start) & ~1;
  if (len < 2 * MIN_DECODED_BYTES) return null;
  let out = '';
  for (let i = start; i < start + len; i += 2) {
    const b = hexAt(text, i) * 16 + hexAt(text, i + 1);
    if (!isTextByte(b)) return null;
    out += String.fromCharCode(b);
  }
  return out;
}

/** First sextet of a text byte: 2–3 (tab, newline, carriage return) or 8–31 (0x20–0x7f). */
function textSextet(v: number): boolean {
  return (v >= 8 && v <= 31) || v === 2 || v === 3;
}

function base64Text(text: string, start: number, end: number): string | null {
  for (let i = start; i < end; i += 4) {
    const c = text.charCodeAt(i);
    if (c === 61) break; // padding
    if (!textSextet(B64_VALUE[c]!)) return null;
  }
  const bytes = Buffer.from(text.slice(start, end), 'base64');
  if (bytes.length < MIN_DECODED_BYTES) return null;
  for (let k = 0; k < bytes.length; k++) if (!isTextByte(bytes[k]!)) return null;
  return bytes.toString('latin1');
}
