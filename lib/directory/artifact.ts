/**
 * The built directory as bytes (`directory.bin`): a header, the per-build hash key, the sorted
 * 64-bit entries, a token filter and a SHA-256 of all of it. No name, user name, e-mail or id is
 * in it.
 *
 *   0  8  magic "ACTDIR\0" + format version (1)
 *   8  4  people (uint32 LE)
 *  12  4  entries n (uint32 LE)
 *  16 16  hash key
 *  32  4  token filter size as log2 of its bits, t (uint32 LE)
 *  36 8n  entries: hi, lo (uint32 LE each), ascending
 *   … 2^t/8  token filter: bit (raw mod 2^t) set for every token of a stored sequence (raw: a
 *            keyed value of the token read before its digest, see tokens.ts)
 *   …  32  SHA-256 of everything before
 *
 * The token filter lets the scan skip, with one bit read, the tokens no sequence contains (almost
 * all of a diff). It tells an artifact reader which keyed token digests occur (with false
 * positives), which the entries already let them test; see docs/privacy-model.md.
 */
import { createHash } from 'node:crypto';

export const MAGIC = new Uint8Array([0x41, 0x43, 0x54, 0x44, 0x49, 0x52, 0x00, 0x01]);
const HEADER = 36;
const CHECKSUM = 32;
/** Far above 1,000,000 people × their entries; bounds what a corrupt count could make us allocate. */
export const MAX_ENTRIES = 64 * 1024 * 1024;
const MIN_FILTER_LOG2 = 10;
const MAX_FILTER_LOG2 = 30;

/** An artifact that cannot be used; the message says why, never what is inside. */
export class DirectoryFormatError extends Error {
  override readonly name = 'DirectoryFormatError';
}

export interface ArtifactContent {
  readonly people: number;
  readonly key: Uint8Array;
  /**
   * Pairs hi, lo. From `decodeArtifact`, usually a view of the artifact's own bytes (see uint32sLE):
   * read it before changing those.
   */
  readonly entries: Uint32Array;
  /** Token filter bits (length a power of two ≥ 32, in 32-bit words). */
  readonly tokenFilter: Uint32Array;
}

export function isArtifact(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((b, i) => bytes[i] === b);
}

export function encodeArtifact(content: ArtifactContent): Uint8Array {
  const n = content.entries.length / 2;
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) pairs.push([content.entries[2 * i]!, content.entries[2 * i + 1]!]);
  // Sorted: the file says nothing about the order people were listed in.
  pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const filterBytes = content.tokenFilter.length * 4;
  const log2 = Math.log2(filterBytes * 8);
  if (!Number.isInteger(log2) || log2 < MIN_FILTER_LOG2 || log2 > MAX_FILTER_LOG2)
    throw new RangeError('directory: token filter size must be a power of two');
  const body = HEADER + 8 * n + filterBytes;
  const out = new Uint8Array(body + CHECKSUM);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(8, content.people, true);
  view.setUint32(12, n, true);
  out.set(content.key, 16);
  view.setUint32(32, log2, true);
  pairs.forEach(([hi, lo], i) => {
    view.setUint32(HEADER + 8 * i, hi, true);
    view.setUint32(HEADER + 8 * i + 4, lo, true);
  });
  for (let i = 0; i < content.tokenFilter.length; i++)
    view.setUint32(HEADER + 8 * n + 4 * i, content.tokenFilter[i]!, true);
  out.set(createHash('sha256').update(out.subarray(0, body)).digest(), body);
  return out;
}

export function decodeArtifact(bytes: Uint8Array): ArtifactContent {
  if (!isArtifact(bytes)) throw new DirectoryFormatError('directory: not a directory artifact (bad magic)');
  if (bytes.length < HEADER + CHECKSUM) throw new DirectoryFormatError('directory: artifact truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const people = view.getUint32(8, true);
  const n = view.getUint32(12, true);
  const log2 = view.getUint32(32, true);
  if (n > MAX_ENTRIES) throw new DirectoryFormatError('directory: artifact declares too many entries');
  if (log2 < MIN_FILTER_LOG2 || log2 > MAX_FILTER_LOG2)
    throw new DirectoryFormatError('directory: artifact declares a bad token filter size');
  const filterBytes = 2 ** log2 / 8;
  const body = HEADER + 8 * n + filterBytes;
  if (bytes.length !== body + CHECKSUM)
    throw new DirectoryFormatError('directory: artifact length does not match its entry count');
  const sum = createHash('sha256').update(bytes.subarray(0, body)).digest();
  if (!sum.equals(bytes.subarray(body)))
    throw new DirectoryFormatError('directory: artifact checksum mismatch (corrupted or altered)');
  const entries = uint32sLE(bytes, HEADER, 2 * n);
  // Copied even when it could be a view: the directory keeps it, and a view would keep the whole artifact.
  const tokenFilter = new Uint32Array(filterBytes / 4);
  for (let i = 0; i < tokenFilter.length; i++) tokenFilter[i] = view.getUint32(HEADER + 8 * n + 4 * i, true);
  return { people, key: bytes.slice(16, 32), entries, tokenFilter };
}

/** Whether this platform stores a Uint32Array's elements little-endian, as the artifact does. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * `count` little-endian uint32s of `bytes` from `offset`: a view of the same memory when the
 * platform is little-endian and the offset is 4-byte aligned in the underlying buffer (the
 * entries are most of an artifact: no second copy of them), a copy otherwise.
 */
function uint32sLE(bytes: Uint8Array, offset: number, count: number): Uint32Array {
  const at = bytes.byteOffset + offset;
  if (LITTLE_ENDIAN && at % 4 === 0) return new Uint32Array(bytes.buffer, at, count);
  const view = new DataView(bytes.buffer, at, 4 * count);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getUint32(4 * i, true);
  return out;
}
