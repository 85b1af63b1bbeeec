/** `activity-agent simulate`: the synthetic traffic, sent to an endpoint or written as envelopes. */

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { generateTraffic, type SimTraffic, type TrafficOptions, toEnvelope } from '../../synthetic/index.ts';
import type { Fleet } from './fleet.ts';

export interface SimulateInput extends TrafficOptions {
  /** Write one RequestEnvelope per line here instead of (or besides) sending. */
  readonly out?: string;
  /** Write the planted strings here, one JSON object `{kind, value}` per line. */
  readonly plantedOut?: string;
}

export interface SimulateResult {
  readonly events: number;
  readonly batches: number;
  readonly planted: number;
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function end(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

export async function simulate(
  input: SimulateInput,
  fleet: Fleet | undefined,
  onProgress: (events: number) => void = () => {},
): Promise<SimulateResult> {
  const traffic: SimTraffic = generateTraffic(input);
  const out = input.out ? createWriteStream(input.out) : undefined;
  let events = 0;
  let batches = 0;
  let day = '';
  for (const batch of traffic.batches) {
    // A day boundary: let the clients catch up, so memory holds about one day of traffic.
    if (fleet && batch.day !== day && day !== '') await fleet.flush();
    day = batch.day;
    batches++;
    events += batch.events.length;
    if (out) await write(out, `${JSON.stringify(toEnvelope(batch))}\n`);
    if (fleet) {
      const c = fleet.client({
        employeeId: batch.employee.employeeId,
        agent: batch.employee.agent,
        identityHints: batch.employee.identityHints,
        deviceId: batch.employee.deviceId,
      });
      await Promise.all(batch.events.map((e) => c.record(e)));
    }
    onProgress(events);
  }
  if (fleet) await fleet.flush();
  if (out) await end(out);
  if (input.plantedOut) {
    const p = createWriteStream(input.plantedOut);
    for (const [value, kind] of traffic.plantedKinds) await write(p, `${JSON.stringify({ kind, value })}\n`);
    await end(p);
  }
  return { events, batches, planted: traffic.planted.size };
}
