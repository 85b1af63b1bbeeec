/**
 * Token sequences the directory stores and the scrubber looks up, hashed from token digests so a
 * sequence costs a few `feed` calls, never a re-read of its text. Sequences are hashed from their
 * LAST token backwards, so the scan extends one sequence per token it looks back (linear work).
 * - name: 1–3 letter tokens (digests only; separators and order of writing do not matter beyond
 *   the order of tokens, and the build stores both `first last` and `last first`);
 * - user: 1–5 tokens with the exact joints between them (`ana.silva` ≠ `ana_silva`);
 * - id: 1–4 tokens, joints ignored (`E000123` = `E-000123` = `e_000123`).
 */
import { digest, feed, type HashKey, type HashState, KIND, type Kind, start } from './keyed-hash.ts';
import type { Token } from './tokens.ts';

export const MAX_NAME_TOKENS = 3;
export const MAX_USER_TOKENS = 5;
export const MAX_ID_TOKENS = 4;

/** The fields of a token a sequence hash reads. */
export type TokenDigest = Pick<Token, 'hi' | 'lo' | 'joint'>;

/** Hash of tokens[from..to] (inclusive) of `kind`, fed backwards; joints only for `user`. */
export function sequenceHash(
  key: HashKey,
  kind: Kind,
  tokens: readonly TokenDigest[],
  from: number,
  to: number,
  out: HashState,
): HashState {
  const s = start(key, kind, { a: 0, b: 0 });
  for (let j = to; j >= from; j--) {
    const t = tokens[j]!;
    if (kind === KIND.user && j < to) feed(s, tokens[j + 1]!.joint);
    feed(s, t.hi);
    feed(s, t.lo);
  }
  return digest(s, out);
}
