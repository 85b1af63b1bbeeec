/**
 * The family-name filter: a Bloom filter over lower-cased names (FNV-1a, double hashing). Shared by
 * the generator and the detector so both hash alike.
 */
/** Hash functions of the family-name filter; its size in bits is the file's. */
export const FAMILY_NAME_HASHES = 7;

export interface BloomShape {
  /** Bits in the filter (a multiple of 8). */
  readonly bits: number;
  /** Hash functions per name. */
  readonly hashes: number;
}

function fnv(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

/** Calls `bit` with each of the name's bit positions. */
export function bloomBits(shape: BloomShape, name: string, bit: (position: number) => void): void {
  const h1 = fnv(name, 0x811c9dc5);
  const h2 = fnv(name, 0x9747b28c) | 1;
  for (let k = 0; k < shape.hashes; k++) bit(((h1 + Math.imul(k, h2)) >>> 0) % shape.bits);
}

export function bloomHas(shape: BloomShape, filter: Uint8Array, name: string): boolean {
  let all = true;
  bloomBits(shape, name, (p) => {
    if ((filter[p >>> 3]! & (1 << (p & 7))) === 0) all = false;
  });
  return all;
}
