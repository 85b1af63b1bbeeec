/**
 * The built directory as bytes (`directory.bin`): a header, the per-build hash key, the sorted
 * 64-bit entries and a SHA-256 of all of it. No name, user name, e-mail or id is in it.
 *
 *   0  8  magic "ACTDIR\0" + format version (1)
 *   8  4  people (uint32 LE)
 *  12  4  entries (uint32 LE)
 *  16 16  hash key
 *  32 8n  entries: hi, lo (uint32 LE each), ascending
 *  …  32  SHA-256 of bytes [0, 32 + 8n)
 */
import { createHash } from 'node:crypto';

export const MAGIC = new Uint8Array([0x41, 0x43, 0x54, 0x44, 0x49, 0x52, 0x00, 0x01]);
const HEADER = 32;
const CHECKSUM = 32;
/** Far above 1,000,000 people × their entries; bounds what a corrupt count could make us allocate. */
export const MAX_ENTRIES = 64 * 1024 * 1024;

/** An artifact that cannot be used; the message says why, never what is inside. */
export class DirectoryFormatError extends Error {
  override readonly name = 'DirectoryFormatError';
}

export interface ArtifactContent {
  readonly people: number;
  readonly key: Uint8Array;
  /** Pairs hi, lo. */
  readonly entries: Uint32Array;
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
  const out = new Uint8Array(HEADER + 8 * n + CHECKSUM);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(8, content.people, true);
  view.setUint32(12, n, true);
  out.set(content.key, 16);
  pairs.forEach(([hi, lo], i) => {
    view.setUint32(HEADER + 8 * i, hi, true);
    view.setUint32(HEADER + 8 * i + 4, lo, true);
  });
  out.set(
    createHash('sha256')
      .update(out.subarray(0, HEADER + 8 * n))
      .digest(),
    HEADER + 8 * n,
  );
  return out;
}

export function decodeArtifact(bytes: Uint8Array): ArtifactContent {
  if (!isArtifact(bytes)) throw new DirectoryFormatError('directory: not a directory artifact (bad magic)');
  if (bytes.length < HEADER + CHECKSUM) throw new DirectoryFormatError('directory: artifact truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const people = view.getUint32(8, true);
  const n = view.getUint32(12, true);
  if (n > MAX_ENTRIES) throw new DirectoryFormatError('directory: artifact declares too many entries');
  if (bytes.length !== HEADER + 8 * n + CHECKSUM)
    throw new DirectoryFormatError('directory: artifact length does not match its entry count');
  const sum = createHash('sha256')
    .update(bytes.subarray(0, HEADER + 8 * n))
    .digest();
  if (!sum.equals(bytes.subarray(HEADER + 8 * n)))
    throw new DirectoryFormatError('directory: artifact checksum mismatch (corrupted or altered)');
  const entries = new Uint32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) entries[i] = view.getUint32(HEADER + 4 * i, true);
  return { people, key: bytes.slice(16, 32), entries };
}
