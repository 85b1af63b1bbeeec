/**
 * For tests of real server processes: a fresh data folder per test, and every server started
 * on it killed (SIGKILL) if the test left it running; and the event_ids stored in Parquet.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { QueryEngine } from '../../local/query-engine.ts';
import { type ServerProcess, startServerProcess } from '../../local/server-process.ts';

export interface ProcessFixture {
  /** This test's data folder. */
  readonly dir: string;
  /** Starts a server process that is cleaned up after the test. */
  start(args: readonly string[]): Promise<ServerProcess>;
  /** Cleans up a server process started some other way. */
  track(p: ServerProcess): ServerProcess;
}

/** Registers the hooks; call at the top of a test file. */
export function processFixture(name: string): ProcessFixture {
  let dir = '';
  const running: ServerProcess[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), `activity-${name}-`));
  });
  afterEach(async () => {
    for (const p of running.splice(0)) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await p.exited;
    }
    await rm(dir, { recursive: true, force: true });
  });
  const track = (p: ServerProcess) => {
    running.push(p);
    return p;
  };
  return {
    get dir() {
      return dir;
    },
    start: async (args) => track(await startServerProcess(args)),
    track,
  };
}

/** Every event_id in the data folder's Parquet files, sorted (duplicates kept). */
export async function storedEventIds(dataDir: string): Promise<string[]> {
  const engine = await QueryEngine.open(dataDir, { raw: true });
  try {
    const { rows } = await engine.query('SELECT event_id FROM events ORDER BY event_id');
    return rows.map((r) => String(r[0]));
  } finally {
    engine.close();
  }
}
