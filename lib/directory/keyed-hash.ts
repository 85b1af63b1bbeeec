/**
 * The directory's keyed 64-bit hash. Every entry of a built directory is `hash(key, kind, …)`;
 * no name, user name or id is stored in the clear. The key is random per build (16 bytes) and
 * travels inside the artifact, so the hash is NOT a secret-keeping device against whoever can read
 * the artifact (they can hash guesses: a dictionary attack); it keeps plaintext out of the file and
 * out of memory, and makes two builds' entries unrelated. See docs/privacy-model.md.
 *
 * Speed decides the construction: the scrubber hashes every token of every kept text, so the hash
 * is two 32-bit multiply-rotate lanes (Murmur3-style mixing with `Math.imul`), fed one UTF-16 unit
 * or one 32-bit word at a time, with a final avalanche. A state is two int32s; nothing allocates.
 */

/** What an entry is: the same string hashed under another kind is another entry. */
export const KIND = {
  /** One token (the unit the others are built from). */
  token: 0x746f6b6e,
  /** A person's name as a 1–3-token sequence, tokens normalised, in a given order. */
  name: 0x6e616d65,
  /** A user name, an e-mail local part or an employee id, as tokens with their separators. */
  user: 0x75736572,
  /** An employee id with its separators removed (`E-000123` → `e000123`). */
  id: 0x69643030,
  /** A user name, name or id with only its letters and digits, for containment in domains and labels. */
  compact: 0x636d7074,
} as const;
export type Kind = (typeof KIND)[keyof typeof KIND];

const M1 = 0xcc9e2d51;
const M2 = 0x1b873593;
const M3 = 0x85ebca6b;
const M4 = 0xc2b2ae35;

/** A running hash: lanes `a` and `b`. Mutable on purpose: the scan loop owns one per position. */
export interface HashState {
  a: number;
  b: number;
}

/** The per-artifact key as four 32-bit words. */
export type HashKey = readonly [number, number, number, number];

export function keyFromBytes(bytes: Uint8Array): HashKey {
  if (bytes.length !== 16) throw new RangeError('directory: the hash key must be 16 bytes');
  const v = new DataView(bytes.buffer, bytes.byteOffset, 16);
  return [v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true), v.getUint32(12, true)];
}

/** Starts a hash of `kind` under `key`. */
export function start(key: HashKey, kind: Kind, into: HashState): HashState {
  into.a = key[0] ^ kind;
  into.b = key[1];
  feed(into, key[2]);
  feed(into, key[3]);
  return into;
}

/** Feeds one 32-bit value (a UTF-16 unit, a separator, a token digest half). */
export function feed(s: HashState, v: number): void {
  let k = Math.imul(v, M1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, M2);
  let a = s.a ^ k;
  a = (a << 13) | (a >>> 19);
  s.a = (Math.imul(a, 5) + 0xe6546b64) | 0;
  let j = Math.imul(v ^ 0x9e3779b9, M3);
  j = (j << 17) | (j >>> 15);
  let b = (s.b ^ Math.imul(j, M4)) + s.a;
  b = (b << 11) | (b >>> 21);
  s.b = (Math.imul(b, 9) + 0x4cf5ad43) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, M3);
  h ^= h >>> 13;
  h = Math.imul(h, M4);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The 64-bit value of a state as two uint32 (the state is left unchanged). `hi:lo` is never 0:0. */
export function digest(s: HashState, out: HashState): HashState {
  const lo = fmix((s.a + Math.imul(s.b, 0x27d4eb2f)) | 0);
  const hi = fmix((s.b ^ lo ^ 0x165667b1) | 0);
  out.a = hi;
  out.b = lo === 0 && hi === 0 ? 1 : lo;
  return out;
}

/**
 * Feeds one folded character of a token: a cheaper step than `feed` (two FNV-1a lanes with
 * different primes), because it runs on every character of every text; `digest` avalanches.
 * The token scanner inlines this step for ASCII; both must stay the same.
 */
export function feedChar(s: HashState, c: number): void {
  s.a = Math.imul(s.a ^ c, 0x01000193);
  s.b = Math.imul(s.b ^ c, 0x5bd1e995) ^ (s.a >>> 13);
}

/** Hash of a whole string of one kind (build side and tests; the scan feeds states itself). */
export function hashString(key: HashKey, kind: Kind, text: string): HashState {
  const s = start(key, kind, { a: 0, b: 0 });
  for (let i = 0; i < text.length; i++) feed(s, text.charCodeAt(i));
  return digest(s, { a: 0, b: 0 });
}
