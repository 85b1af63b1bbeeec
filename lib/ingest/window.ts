import type { PseudonymWindowKind } from './ports.ts';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ISO-8601 week-numbering year and week of a UTC instant (weeks start on Monday; week 1 holds the first Thursday). */
function isoWeek(at: Date): { year: number; week: number } {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  // The Thursday of this week decides which year the week belongs to.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return { year: day.getUTCFullYear(), week };
}

/**
 * The pseudonym window an instant falls in, in UTC: `2026-11-27` (day), `2026-W48` (ISO week)
 * or `2026-11` (month). Rows of one person link within a window, never across.
 */
export function windowLabel(kind: PseudonymWindowKind, at: Date): string {
  switch (kind) {
    case 'day':
      return `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
    case 'week': {
      const { year, week } = isoWeek(at);
      return `${pad(year, 4)}-W${pad(week)}`;
    }
    case 'month':
      return `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}`;
  }
}
