/** The released row and the release report are derived from the stored row (lib/schema/columns.ts). */
import { describe, expect, it } from 'vitest';
import {
  COLUMN_NAMES,
  EVENT_COLUMNS,
  QUASI_IDENTIFIER_COLUMNS,
  RELEASE_ADDED_COLUMNS,
  RELEASE_REMOVED_COLUMNS,
  RELEASE_REPORT_COLUMNS,
  RELEASED_COLUMNS,
} from '../../lib/schema/index.ts';

const names = (columns: readonly { name: string }[]) => columns.map((c) => c.name);

describe('the released row is the stored row minus what names a person, an event or an instant', () => {
  it('has no contributor, event_id, received_at, pseudonym_window or occurred_at', () => {
    for (const removed of ['contributor', 'event_id', 'received_at', 'pseudonym_window', 'occurred_at']) {
      expect(names(RELEASED_COLUMNS)).not.toContain(removed);
      expect(RELEASE_REMOVED_COLUMNS).toContain(removed);
    }
  });

  it('keeps every other stored column in stored order, with the offset and sequence right after session', () => {
    const kept = COLUMN_NAMES.filter((n) => !(RELEASE_REMOVED_COLUMNS as readonly string[]).includes(n));
    const added = names(RELEASE_ADDED_COLUMNS);
    expect(names(RELEASED_COLUMNS)).toEqual(kept.flatMap((n) => (n === 'session' ? [n, ...added] : [n])));
    for (const c of RELEASED_COLUMNS) {
      const stored = EVENT_COLUMNS.find((e) => e.name === c.name);
      if (stored) expect(c.type, c.name).toBe(stored.type);
    }
    expect(RELEASED_COLUMNS.find((c) => c.name === 'session')?.doc).toMatch(/never to raw data/);
  });

  it('marks every quasi-identifier as suppressible, and only stored, kept columns are quasi-identifiers', () => {
    for (const q of QUASI_IDENTIFIER_COLUMNS) {
      expect(names(RELEASED_COLUMNS)).toContain(q);
      expect(RELEASED_COLUMNS.find((c) => c.name === q)?.doc).toMatch(/NULL when fewer than k contributors/);
    }
  });
});

describe('the release report holds counts only', () => {
  it('counts suppressed values of every quasi-identifier, and holds no value of any row', () => {
    expect(names(RELEASE_REPORT_COLUMNS)).toEqual(
      expect.arrayContaining(QUASI_IDENTIFIER_COLUMNS.map((q) => `suppressed_${q}`)),
    );
    const descriptive = ['dt', 'run_id', 'released_at', 'min_contributors', 'min_session_events'];
    for (const c of RELEASE_REPORT_COLUMNS) {
      if (!descriptive.includes(c.name)) expect(c.type, c.name).toBe('bigint');
    }
    expect(names(RELEASE_REPORT_COLUMNS).filter((n) => COLUMN_NAMES.includes(n as never))).toEqual([]);
  });
});
