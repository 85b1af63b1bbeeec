import { describe, expect, it } from 'vitest';
import { windowLabel } from '../../lib/ingest/window.ts';

const at = (iso: string) => new Date(iso);

describe('pseudonym windows are computed in UTC from the receipt time', () => {
  it('labels a day, an ISO week and a month', () => {
    expect(windowLabel('day', at('2026-11-27T07:00:00Z'))).toBe('2026-11-27');
    expect(windowLabel('week', at('2026-11-27T07:00:00Z'))).toBe('2026-W48');
    expect(windowLabel('month', at('2026-11-27T07:00:00Z'))).toBe('2026-11');
  });

  it('uses UTC, not the local time zone', () => {
    expect(windowLabel('day', at('2026-11-27T23:59:59.999-01:00'))).toBe('2026-11-28');
    expect(windowLabel('day', at('2026-11-28T00:30:00+02:00'))).toBe('2026-11-27');
  });

  it('gives ISO weeks their week-numbering year at year boundaries', () => {
    expect(windowLabel('week', at('2026-01-01T12:00:00Z'))).toBe('2026-W01'); // a Thursday
    expect(windowLabel('week', at('2024-12-30T12:00:00Z'))).toBe('2025-W01'); // Monday of 2025's week 1
    expect(windowLabel('week', at('2027-01-01T12:00:00Z'))).toBe('2026-W53'); // 2026 has 53 weeks
    expect(windowLabel('week', at('2027-01-04T00:00:00Z'))).toBe('2027-W01');
  });

  it('changes the week label on Monday 00:00 UTC, not before', () => {
    expect(windowLabel('week', at('2026-11-29T23:59:59.999Z'))).toBe('2026-W48');
    expect(windowLabel('week', at('2026-11-30T00:00:00.000Z'))).toBe('2026-W49');
  });
});
