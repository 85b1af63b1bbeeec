/**
 * `npm run demo` passes its leak check on any date: the demo's own traffic (planDemo: 8 employees ×
 * 5 days ending the day before "today") for several fixed "todays", sent through the demo's agents
 * to the local server with the simulated company's people directory, then every stored byte
 * searched. The traffic's colleagues (`# on-call: <name> <<EMAIL>>`) are people of the roster, not
 * the sender: only the directory removes them, as the control run without it shows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryWithArtifact } from '../../lib/directory/index.ts';
import { localTokenMinter } from '../../local/agent-credentials.ts';
import { makeDemoDirectory } from '../../local/demo/people.ts';
import { leakSearch, planDemo } from '../../local/demo/plan.ts';
import { createDemoAgents } from '../../local/demo/send.ts';
import { type LeakReport, leakCheck } from '../../local/leak-check.ts';
import { startLocalServer } from '../../local/local-server.ts';

const SEED = 42;
const EMPLOYEES = 8;
const DAYS = 5;
/** Spread over a year, weekdays and weekends, month and year ends. */
const TODAYS = ['2026-01-05', '2026-04-18', '2026-08-31', '2027-01-01'];

let scratch: string;
let directory: DirectoryWithArtifact;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'demo-dates-'));
  directory = (await makeDemoDirectory(SEED, scratch)).directory;
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The demo's steps 2–4 and 6 for one "today": server, agents, flush, leak check. */
async function runDemoTraffic(
  today: string,
  withDirectory: boolean,
): Promise<{ report: LeakReport; accepted: number; coworkerNames: number }> {
  const plan = planDemo(SEED, EMPLOYEES, DAYS, new Date(`${today}T12:00:00Z`));
  const dataDir = await mkdtemp(join(scratch, 'data-'));
  const spool = await mkdtemp(join(scratch, 'spool-'));
  let now = new Date();
  const server = await startLocalServer({
    dataDir,
    port: 0,
    clock: () => now,
    workers: 0,
    directory: withDirectory ? directory : undefined,
  });
  const agents = createDemoAgents(server.url, plan.employees, spool, await localTokenMinter(dataDir));
  try {
    for (const day of plan.days) {
      now = day.receivedAt;
      await agents.sendDay(day, () => {});
    }
  } finally {
    await agents.close();
    await server.close();
  }
  const search = leakSearch(plan);
  return {
    report: await leakCheck(dataDir, search),
    accepted: server.totals().accepted,
    coworkerNames: search.filter((s) => s.kind === 'coworker_name').length,
  };
}

describe('the demo passes its leak check on any date', () => {
  for (const today of TODAYS) {
    it(`today = ${today}: nothing planted or identifying is stored`, async () => {
      const { report, accepted, coworkerNames } = await runDemoTraffic(today, true);
      expect(accepted).toBeGreaterThan(1000);
      // The traffic does name colleagues, so the check below is a real one.
      expect(coworkerNames).toBeGreaterThan(0);
      expect(report.leaks).toEqual([]);
    }, 120_000);
  }

  it('control: without the people directory, colleagues named in the same traffic are stored', async () => {
    const { report } = await runDemoTraffic(TODAYS[0]!, false);
    expect(report.leaks.some((l) => l.kind === 'coworker_name')).toBe(true);
  }, 120_000);
});
