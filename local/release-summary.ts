/** One line per released day, from its release_report row: counts only, never a value. */
import { QUASI_IDENTIFIER_COLUMNS } from '../lib/schema/index.ts';
import type { Cell } from './cells.ts';
import type { ReleasedDay } from './release.ts';

const n = (c: Cell | undefined) => Number(c ?? 0).toLocaleString('en-US');

export function describeReleasedDay(day: ReleasedDay): string {
  const r = day.report;
  const suppressed = QUASI_IDENTIFIER_COLUMNS.map((q) => [q, Number(r[`suppressed_${q}`] ?? 0)] as const)
    .filter(([, count]) => count > 0)
    .map(([q, count]) => `${q} ${count.toLocaleString('en-US')}`);
  const k = Number(r.min_contributors ?? 0);
  // A day fewer than k people worked is withheld whole, and its report holds only zeros (its
  // counts would describe those few people): say so, or "released 0" reads like a fault.
  if (day.hadRawRows && Number(r.contributors ?? 0) < k) {
    return (
      `dt=${day.dt}  released 0: withheld, fewer than k = ${k} contributors that day; its counts are not reported` +
      ' (a smaller group could be picked out; --k lowers it, to 2 at least)'
    );
  }
  return (
    `dt=${day.dt}  rows in ${n(r.rows_in)} → released ${n(r.rows_out)}` +
    `  (duplicates ${n(r.duplicates_removed)}, ${n(r.sessions_dropped)} of ${n(r.sessions_in)} sessions dropped` +
    ` with ${n(r.rows_in_dropped_sessions)} rows)` +
    `  values suppressed: ${suppressed.length ? suppressed.join(', ') : 'none'}`
  );
}
