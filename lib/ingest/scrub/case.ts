/**
 * Searching lower-case text by index. `toLowerCase` keeps every index but for a few characters
 * whose lower case is longer (`İ` → `i̇`); then only ASCII letters are lowered, which keeps them.
 */
import { re } from './registry.ts';

const ASCII_UPPER = re('case.ascii_upper', /[A-Z]/g);

/** The lower-case text whose index i holds text[i] lowered (ASCII at least): `lower()` when it qualifies. */
export function indexAlignedLower(text: string, lower: () => string): string {
  const l = lower();
  return l.length === text.length ? l : text.replace(ASCII_UPPER, (c) => c.toLowerCase());
}
