import { REQUEST_LIMITS, type RequestEnvelope, type RequestEvent } from '../schema/index.ts';
import { simulateDay } from './day.ts';
import { makeEmployee, type SimEmployee } from './employees.ts';
import type { Planted, PlantKind } from './plants.ts';

export interface TrafficOptions {
  /** Same seed, same options → byte-identical events, ids and planted strings. */
  readonly seed: number | string;
  readonly employees: number;
  readonly days: number;
  /** First simulated UTC day. @default '2026-01-05' (a Monday; fixed so runs are reproducible) */
  readonly startDate?: string | Date;
  /** Share of events that carry planted secrets or personal data. @default 0.05 */
  readonly plantRate?: number;
  /** Most events per batch. @default REQUEST_LIMITS.maxEvents (500) */
  readonly maxBatchEvents?: number;
  /** Largest encoded envelope per batch, in bytes. @default REQUEST_LIMITS.maxBodyBytes (1 MiB) */
  readonly maxBatchBytes?: number;
}

/** Events of one employee on one day (a day with many events is split into several batches). */
export interface SimBatch {
  readonly employee: SimEmployee;
  /** UTC day, YYYY-MM-DD. */
  readonly day: string;
  readonly events: RequestEvent[];
  /** What this batch's events carry; a leak check searches stored data for each `value`. */
  readonly planted: readonly Planted[];
}

export interface SimTraffic {
  readonly employees: readonly SimEmployee[];
  /**
   * Batches, day by day and employee by employee, generated lazily: iterate it (also with
   * `for await`) to stream a run of any size in constant memory. Each iteration regenerates
   * the same batches.
   */
  readonly batches: Iterable<SimBatch>;
  /**
   * Every planted string generated so far (values only), with its kind. Complete once
   * `batches` has been iterated to the end; use `collectTraffic` to get it up front.
   */
  readonly planted: Set<string>;
  readonly plantedKinds: Map<string, PlantKind>;
}

const DEFAULT_START = '2026-01-05';

/** The envelope a real agent would send for `batch`. */
export function toEnvelope(batch: SimBatch): RequestEnvelope {
  const e = batch.employee;
  return {
    employee_id: e.employeeId,
    device_id: e.deviceId,
    identity_hints: e.identityHints,
    agent: e.agent,
    events: batch.events,
  };
}

function startMs(start: string | Date | undefined): number {
  const d = start === undefined ? new Date(`${DEFAULT_START}T00:00:00Z`) : new Date(start);
  if (Number.isNaN(d.getTime())) throw new RangeError('startDate is not a valid date');
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** Splits one day's events into envelopes within the count and byte limits. */
function* split(
  employee: SimEmployee,
  day: string,
  events: RequestEvent[],
  planted: Planted[],
  maxEvents: number,
  maxBytes: number,
): Generator<SimBatch> {
  const overhead = Buffer.byteLength(JSON.stringify(toEnvelope({ employee, day, events: [], planted: [] })));
  const chunks: RequestEvent[][] = [];
  let chunk: RequestEvent[] = [];
  let bytes = overhead;
  for (const ev of events) {
    const size = Buffer.byteLength(JSON.stringify(ev)) + 1;
    if (chunk.length > 0 && (chunk.length >= maxEvents || bytes + size > maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = overhead;
    }
    chunk.push(ev);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  if (chunks.length === 1) {
    yield { employee, day, events: chunks[0]!, planted };
    return;
  }
  // Attribute each planted value to the chunk whose text contains it.
  const texts = chunks.map((c) => JSON.stringify(c));
  const perChunk: Planted[][] = chunks.map(() => []);
  for (const p of planted) {
    const needle = JSON.stringify(p.value).slice(1, -1);
    let placed = false;
    for (let i = 0; i < chunks.length; i++) {
      if (texts[i]!.includes(needle)) {
        perChunk[i]!.push(p);
        placed = true;
      }
    }
    if (!placed) perChunk[0]?.push(p);
  }
  for (let i = 0; i < chunks.length; i++) yield { employee, day, events: chunks[i]!, planted: perChunk[i]! };
}

/**
 * Realistic, deterministic agent traffic: per employee and day, coding sessions of file
 * edits with unified diffs, terminal commands with their test runs and builds, browsing,
 * window focus, keystroke counts, clipboard and AI-assist events, about `plantRate` of
 * them carrying planted secrets or personal data. Cheap to call; work happens while
 * iterating `batches`.
 */
export function generateTraffic(options: TrafficOptions): SimTraffic {
  const seed = String(options.seed);
  const plantRate = options.plantRate ?? 0.05;
  if (!(plantRate >= 0 && plantRate <= 1)) throw new RangeError('plantRate must be within [0, 1]');
  if (!Number.isInteger(options.employees) || options.employees < 0) throw new RangeError('employees');
  if (!Number.isInteger(options.days) || options.days < 0) throw new RangeError('days');
  const maxEvents = options.maxBatchEvents ?? REQUEST_LIMITS.maxEvents;
  const maxBytes = options.maxBatchBytes ?? REQUEST_LIMITS.maxBodyBytes;
  const first = startMs(options.startDate);
  const employees = Array.from({ length: options.employees }, (_, i) => makeEmployee(seed, i));
  const planted = new Set<string>();
  const plantedKinds = new Map<string, PlantKind>();
  const batches: Iterable<SimBatch> = {
    *[Symbol.iterator]() {
      for (let d = 0; d < options.days; d++) {
        const dayStart = first + d * 86_400_000;
        const day = new Date(dayStart).toISOString().slice(0, 10);
        for (let i = 0; i < employees.length; i++) {
          const emp = employees[i]!;
          const result = simulateDay(seed, emp, i, d, dayStart, plantRate);
          for (const p of result.planted) {
            planted.add(p.value);
            plantedKinds.set(p.value, p.kind);
          }
          if (result.events.length === 0) continue;
          yield* split(emp, day, result.events, result.planted, maxEvents, maxBytes);
        }
      }
    },
  };
  return { employees, batches, planted, plantedKinds };
}

/** `generateTraffic`, materialised: every batch in memory and the full planted set. For small runs. */
export function collectTraffic(options: TrafficOptions): {
  employees: readonly SimEmployee[];
  batches: SimBatch[];
  planted: Set<string>;
  plantedKinds: Map<string, PlantKind>;
} {
  const t = generateTraffic(options);
  const batches = [...t.batches];
  return { employees: t.employees, batches, planted: t.planted, plantedKinds: t.plantedKinds };
}
