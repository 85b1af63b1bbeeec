/** The `dt` a release is for: a real UTC day written yyyy-MM-dd, and the days around it. */
import { ReleaseInputError } from './settings.ts';

const DAY_MS = 86_400_000;
const DT = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayStart(dt: string): number | undefined {
  const m = DT.exec(dt);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2026-02-30 over to March: a real day comes back unchanged.
  return new Date(t).toISOString().slice(0, 10) === dt ? t : undefined;
}

/** Throws unless `dt` is a real day written yyyy-MM-dd (so it is safe inside SQL and S3 keys). */
export function checkDt(dt: string): string {
  if (typeof dt !== 'string' || dayStart(dt) === undefined) {
    throw new ReleaseInputError(`dt must be a real day written yyyy-MM-dd, got '${String(dt).slice(0, 40)}'`);
  }
  return dt;
}

/** The day before `dt`. */
export function previousDt(dt: string): string {
  const start = dayStart(checkDt(dt)) as number;
  return new Date(start - DAY_MS).toISOString().slice(0, 10);
}

/** The UTC day before `now`: what the daily schedule releases. */
export function yesterday(now: Date): string {
  return new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
}
