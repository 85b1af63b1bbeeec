/**
 * Does a token look machine-generated (a key, not a word or identifier)? Used only next to a
 * secret keyword, never on free text alone: SHA digests, UUIDs and long identifiers must survive.
 */
import { charClasses, shannonEntropy } from './validators.ts';

function isHex(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

/** 8-4-4-4-12 hex. */
export function isUuid(v: string): boolean {
  if (v.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    if (dash !== (v.charAt(i) === '-')) return false;
  }
  return isHex(v.replaceAll('-', ''));
}

/** Character-class changes per character: random strings change often, camelCase words rarely. */
function transitionRate(v: string): number {
  let prev = -1;
  let changes = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const k = c >= 48 && c <= 57 ? 0 : c >= 65 && c <= 90 ? 1 : c >= 97 && c <= 122 ? 2 : 3;
    if (prev >= 0 && k !== prev) changes++;
    prev = k;
  }
  return v.length > 1 ? changes / (v.length - 1) : 0;
}

/** Path- or identifier-like: two or more word segments split by `/`, `.` or `-`. */
function isWordy(v: string): boolean {
  let words = 0;
  let run = 0;
  for (let i = 0; i <= v.length; i++) {
    const c = i < v.length ? v.charCodeAt(i) : 47;
    if (c === 47 || c === 46 || c === 45) {
      if (run >= 3) words++;
      run = 0;
    } else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) run++;
    else run = -1000; // a digit or other char makes the segment non-word
  }
  return words >= 2;
}

/**
 * High-entropy token: at least 16 chars, letters and digits mixed, frequent class changes, Shannon
 * entropy ≥ 3.5 bits/char (base64 keys ≈ 4.5–5.5; English words ≈ 2.5–3.5), and not a hex digest,
 * UUID, or path.
 */
export function looksRandom(v: string): boolean {
  if (v.length < 16) return false;
  if (isUuid(v)) return false;
  if (isHex(v) && (v.length === 32 || v.length === 40 || v.length === 64 || v.length === 128)) return false;
  if (isWordy(v)) return false;
  const k = charClasses(v);
  if (!k.digit || !(k.lower || k.upper)) return false;
  if (transitionRate(v) < 0.2) return false;
  return shannonEntropy(v) >= 3.5;
}
