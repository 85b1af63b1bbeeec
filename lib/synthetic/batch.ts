import type { RequestEnvelope, RequestEvent } from '../schema/index.ts';
import { simulateDay } from './day.ts';
import { makeEmployee } from './employees.ts';
import { toEnvelope } from './traffic.ts';

const DAY0 = Date.UTC(2026, 0, 5);

/**
 * One mixed request of `size` events from one simulated employee (consecutive working days),
 * with the usual share of planted data: the fixed input of the scrubber and handler
 * benchmarks. Deterministic in (seed, size, plantRate). Its encoded size grows with
 * `size` (≈ 1 KB per event); at the default 500 it stays under the 1 MiB body limit.
 */
export function realisticBatch(seed: number | string, size = 500, plantRate = 0.05): RequestEnvelope {
  const s = `batch/${String(seed)}`;
  const employee = makeEmployee(s, 0);
  const events: RequestEvent[] = [];
  for (let d = 0; events.length < size; d++) {
    const day = simulateDay(s, employee, 0, d, DAY0 + d * 86_400_000, plantRate);
    events.push(...day.events.slice(0, size - events.length));
    if (d > 10_000) break;
  }
  return toEnvelope({ employee, day: '', events, planted: [] });
}
