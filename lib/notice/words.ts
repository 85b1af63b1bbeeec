/** Settings said in words, the same way everywhere in the notice. */
import type { PseudonymWindowKind } from '../ingest/ports.ts';

const WINDOW_WORDS: Readonly<Record<PseudonymWindowKind, string>> = {
  day: 'day',
  week: 'week (Monday to Sunday)',
  month: 'calendar month',
};

/** "day", "week (Monday to Sunday)", "calendar month". */
export function windowWords(window: PseudonymWindowKind): string {
  return WINDOW_WORDS[window];
}

export function days(n: number): string {
  return n === 1 ? '1 day' : `${n.toLocaleString('en-US')} days`;
}

/** Bytes in the largest whole unit: 65536 → "64 KiB". */
export function bytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n.toLocaleString('en-US')} bytes`;
}
