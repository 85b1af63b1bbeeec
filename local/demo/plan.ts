/**
 * The demo's traffic plan: synthetic batches grouped by simulated day, each day with the
 * receipt time the server's clock shows while it is replayed (just after the day's last
 * event, as if agents uploaded their spool at the end of the day). So `dt` partitions and
 * pseudonym windows follow the simulated days, and the trainers' "last N days" queries see them.
 */
import { collectTraffic, type SimBatch, type SimTraffic } from '../../lib/synthetic/index.ts';

export interface DemoDay {
  readonly day: string;
  readonly batches: readonly SimBatch[];
  readonly events: number;
  /** What the server's clock says while this day is sent. */
  readonly receivedAt: Date;
}

export interface DemoPlan {
  readonly employees: SimTraffic['employees'];
  readonly days: readonly DemoDay[];
  readonly events: number;
  readonly planted: ReadonlyMap<string, string>;
}

const DAY_MS = 86_400_000;

export function planDemo(seed: number, employees: number, days: number, today: Date = new Date()): DemoPlan {
  // The simulated days end yesterday, so that "the last 7 days" covers them.
  const todayStart = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const startDate = new Date(todayStart - days * DAY_MS);
  const traffic = collectTraffic({ seed, employees, days, startDate });
  const byDay = new Map<string, SimBatch[]>();
  for (const b of traffic.batches) byDay.set(b.day, [...(byDay.get(b.day) ?? []), b]);
  const plan: DemoDay[] = [...byDay.entries()].sort().map(([day, batches]) => {
    const last = Math.max(...batches.flatMap((b) => b.events.map((e) => Date.parse(e.occurred_at))));
    const endOfDay = Date.parse(`${day}T23:59:59.000Z`);
    return {
      day,
      batches,
      events: batches.reduce((n, b) => n + b.events.length, 0),
      receivedAt: new Date(Math.min(last + 60_000, endOfDay)),
    };
  });
  return {
    employees: traffic.employees,
    days: plan,
    events: plan.reduce((n, d) => n + d.events, 0),
    planted: traffic.plantedKinds,
  };
}

/** Everything the leak check searches for: the planted values, then the identifiers. */
export function leakSearch(plan: DemoPlan): { kind: string; value: string }[] {
  return [...[...plan.planted].map(([value, kind]) => ({ kind, value })), ...identifiersOf(plan)];
}

/** Identifiers that must never be stored either: employee and device ids and the identity hints. */
export function identifiersOf(plan: DemoPlan): { kind: string; value: string }[] {
  return plan.employees.flatMap((e) => [
    { kind: 'employee_id', value: e.employeeId },
    { kind: 'device_id', value: e.deviceId },
    ...e.identityHints.usernames.map((value) => ({ kind: 'hint_username', value })),
    ...e.identityHints.emails.map((value) => ({ kind: 'hint_email', value })),
    ...e.identityHints.names.map((value) => ({ kind: 'hint_name', value })),
  ]);
}
