/**
 * Synthetic agent traffic for demos, end-to-end tests, leak checks and benchmarks.
 *
 *   const t = generateTraffic({ seed: 42, employees: 20, days: 5 });
 *   for (const b of t.batches) post(toEnvelope(b));   // lazy, deterministic
 *   leakCheck(storedBytes, t.planted);                 // complete after iterating
 *
 *   realisticBatch(7)                                  // one 500-event RequestEnvelope
 */
export { realisticBatch } from './batch.ts';
export type { Language, SimEmployee, SimProject } from './employees.ts';
export type { Planted, PlantKind } from './plants.ts';
export { companyRoster } from './roster.ts';
export { luhnValid } from './secret-values.ts';
export {
  collectTraffic,
  generateTraffic,
  type SimBatch,
  type SimTraffic,
  type TrafficOptions,
  toEnvelope,
} from './traffic.ts';
