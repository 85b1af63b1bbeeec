/**
 * Property tests of k-anonymity in the release (DuckDB, the SQL of queries/release/, real Parquet):
 * for random raw days, every released value of a quasi-identifier was used by at least k distinct
 * contributors among the released rows of its dt — and nothing else was suppressed or lost.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUASI_IDENTIFIER_COLUMNS, type QuasiIdentifier } from '../../lib/schema/index.ts';
import type { StoredRow } from '../../lib/schema/types.ts';
import { QueryEngine } from '../../local/query-engine.ts';
import { releaseDays } from '../../local/release.ts';
import { rawRow, storeRaw, withDataDir } from './raw-data.ts';

const DT = '2026-11-27';

/** Few contributors and few values per column, so that values near the threshold are common. */
const rawEvent = fc.record({
  contributor: fc.integer({ min: 0, max: 6 }),
  session: fc.integer({ min: 0, max: 2 }),
  second: fc.integer({ min: 0, max: 3600 }),
  ...Object.fromEntries(
    QUASI_IDENTIFIER_COLUMNS.map((q) => [
      q,
      fc.option(fc.constantFrom(`${q}-a`, `${q}-b`, `${q}-c`), { nil: null }),
    ]),
  ),
}) as fc.Arbitrary<
  { contributor: number; session: number; second: number } & Record<QuasiIdentifier, string | null>
>;

const day = fc.record({
  events: fc.array(rawEvent, { minLength: 1, maxLength: 60 }),
  k: fc.integer({ min: 2, max: 4 }),
  minSessionEvents: fc.integer({ min: 1, max: 3 }),
});

describe('k-anonymity of quasi-identifiers (and of whole days) in the released table', () => {
  it('releases a value only if k contributors used it that day, suppresses nothing else, loses no row', async () => {
    await fc.assert(
      fc.asyncProperty(day, async ({ events, k, minSessionEvents }) => {
        // Each raw row carries a unique marker in `content` (released as is) to find its contributor again.
        const rows: StoredRow[] = events.map((e, i) =>
          rawRow({
            contributor: `c${e.contributor}`,
            // Session pseudonyms are per person, as the ingest function makes them.
            session: `c${e.contributor}-s${e.session}`,
            at: new Date(Date.parse(`${DT}T08:00:00.000Z`) + e.second * 1000).toISOString(),
            fields: Object.fromEntries([
              ['content', `row-${i}`],
              ...QUASI_IDENTIFIER_COLUMNS.map((q) => [q, e[q]]),
            ]) as Partial<StoredRow>,
          }),
        );
        const byMarker = new Map(rows.map((r) => [r.content, r]));
        await withDataDir(async (dir) => {
          await storeRaw(dir, rows);
          await releaseDays(dir, [DT], { settings: { minContributors: k, minSessionEvents } });
          const engine = await QueryEngine.open(dir);
          const result = await engine.query(
            `SELECT content, ${QUASI_IDENTIFIER_COLUMNS.join(', ')} FROM released`,
          );
          engine.close();
          const released = result.rows.map((r) => ({
            raw: byMarker.get(r[0] as string)!,
            values: r.slice(1),
          }));

          // No row lost or invented: exactly the rows of sessions with enough events.
          const sessionSize = new Map<string, number>();
          for (const r of rows) sessionSize.set(r.session, (sessionSize.get(r.session) ?? 0) + 1);
          const long = rows.filter((r) => (sessionSize.get(r.session) ?? 0) >= minSessionEvents);
          // A day fewer than k people worked is withheld whole.
          const kept = new Set(long.map((r) => r.contributor)).size >= k ? long : [];
          expect(released.map((r) => r.raw.content).sort()).toEqual(kept.map((r) => r.content).sort());

          QUASI_IDENTIFIER_COLUMNS.forEach((q, i) => {
            const users = new Map<string, Set<string>>();
            for (const r of kept) {
              const v = r[q];
              if (v !== null) users.set(v, (users.get(v) ?? new Set()).add(r.contributor));
            }
            const releasedUsers = new Map<string, Set<string>>();
            for (const { raw, values } of released) {
              const v = values[i] as string | null;
              if (v === null) {
                // Suppressed only if too few contributors used the raw value.
                if (raw[q] !== null)
                  expect(users.get(raw[q]!)!.size, `${q} suppressed needlessly`).toBeLessThan(k);
                continue;
              }
              expect(v, `${q} changed`).toBe(raw[q]);
              releasedUsers.set(v, (releasedUsers.get(v) ?? new Set()).add(raw.contributor));
            }
            for (const [v, who] of releasedUsers) {
              expect(
                who.size,
                `${q}=${v} released with ${who.size} < k=${k} contributors`,
              ).toBeGreaterThanOrEqual(k);
            }
          });
        });
      }),
      // Each run stores and releases real Parquet (~0.6 s): report the first counterexample rather than shrink.
      { numRuns: 20, endOnFailure: true },
    );
  });
});
