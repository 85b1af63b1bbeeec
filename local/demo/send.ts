/**
 * How the demo's simulated agents send: one ActivityClient per employee (the agent SDK, with
 * that employee's bearer token and its durable spool), all employees of a day concurrently,
 * through the real HTTP endpoint.
 */
import { join } from 'node:path';
import { ActivityClient } from '../../lib/client/index.ts';
import type { SimBatch, SimEmployee } from '../../lib/synthetic/index.ts';
import type { DemoDay } from './plan.ts';

export interface DemoAgents {
  /** Sends one day of traffic; `progress` gets the number of events delivered so far. */
  sendDay(day: DemoDay, progress: (events: number) => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * `spoolRoot` is the agents' own disk (a spool holds events before redaction): it must not
 * be inside the server's data folder.
 */
export function createDemoAgents(
  endpoint: string,
  employees: readonly SimEmployee[],
  spoolRoot: string,
  /** Each employee's bearer token (the server authenticates agents as a deployment would). */
  tokenFor: (employeeId: string) => string,
): DemoAgents {
  const clients = new Map(
    employees.map((e) => [
      e.employeeId,
      new ActivityClient({
        endpoint,
        employeeId: e.employeeId,
        token: tokenFor(e.employeeId),
        deviceId: e.deviceId,
        identityHints: e.identityHints,
        agent: e.agent,
        spoolDir: join(spoolRoot, e.employeeId),
        flushIntervalMs: 200,
      }),
    ]),
  );
  return {
    async sendDay(day, progress) {
      let delivered = 0;
      const byEmployee = new Map<string, SimBatch[]>();
      for (const b of day.batches) {
        byEmployee.set(b.employee.employeeId, [...(byEmployee.get(b.employee.employeeId) ?? []), b]);
      }
      await Promise.all(
        [...byEmployee].map(async ([employeeId, batches]) => {
          const client = clients.get(employeeId)!;
          for (const batch of batches) {
            // record() resolves once spooled; the client batches and sends in the background.
            await Promise.all(batch.events.map((e) => client.record(e)));
            await client.flush();
            delivered += batch.events.length;
            progress(delivered);
          }
        }),
      );
    },
    async close() {
      await Promise.all([...clients.values()].map((c) => c.close()));
    },
  };
}
