/** `npm run query` as a user runs it: limits that say what they left out, whole cells on request, a summary, and clear refusals. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/cdk-context.ts';
import { session, storeRaw, withDataDir } from '../release/raw-data.ts';

const exec = promisify(execFile);

async function query(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'bin/query.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ACTIVITY_DATA_DIR: '', AWS_REGION: '', AWS_DEFAULT_REGION: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('npm run query prints what it was asked, and says what it left out', () => {
  it('a table stops at 50 rows by default and says how many were not shown; --limit changes it; csv prints all', async () => {
    await withDataDir(async (dir) => {
      await storeRaw(dir, session('c1', 's1', '2026-11-27T09:00:00.000Z', 3));
      const sql = 'SELECT range AS n FROM range(60)';
      const table = await query(['--data', dir, sql]);
      expect(table.code, table.stderr).toBe(0);
      const lines = table.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(2 + 50 + 1);
      expect(lines.at(-1)).toBe('(60 rows, 10 not shown: --limit N or --format csv for all)');
      const five = await query(['--data', dir, '--limit', '5', sql]);
      expect(five.stdout.trimEnd().split('\n').at(-1)).toBe(
        '(60 rows, 55 not shown: --limit N or --format csv for all)',
      );
      const csv = await query(['--data', dir, '--format', 'csv', sql]);
      expect(csv.stdout.trimEnd().split('\r\n')).toHaveLength(61);
    });
  });

  it('long cells are cut in a table, whole with --wide, and never cut in csv or json', async () => {
    await withDataDir(async (dir) => {
      await storeRaw(dir, session('c1', 's1', '2026-11-27T09:00:00.000Z', 3));
      const sql = "SELECT repeat('x', 200) AS long";
      expect((await query(['--data', dir, sql])).stdout).toContain(`${'x'.repeat(59)}…`);
      expect((await query(['--data', dir, '--wide', sql])).stdout).toContain('x'.repeat(200));
      expect(JSON.parse((await query(['--data', dir, '--format', 'json', sql])).stdout)).toEqual([
        { long: 'x'.repeat(200) },
      ]);
    });
  });

  it('--summary says what the data folder holds: counts and sizes only', async () => {
    await withDataDir(async (dir) => {
      await storeRaw(dir, [
        ...session('c1', 's1', '2026-11-26T09:00:00.000Z', 3),
        ...session('c2', 's2', '2026-11-27T09:00:00.000Z', 4),
      ]);
      const r = await query(['--data', dir, '--summary']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/raw \(events\) partitions\s+│ 2 \(2026-11-26 … 2026-11-27\)/);
      expect(r.stdout).toMatch(/raw \(events\) rows\s+│ 7/);
      expect(r.stdout).toMatch(/last release\s+│ none yet/);
      expect(r.stdout).not.toMatch(/c1|c2|s1|s2/);
    });
  });
});

describe('npm run query refuses what it cannot do, with exit 2 and the reason', () => {
  it.each([
    [
      ['--data', join(tmpdir(), 'no-such-activity-data'), 'SELECT 1'],
      /no data folder at .*no-such-activity-data/,
    ],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--format', 'xml', 'SELECT 1'], /--format must be one of table, json, csv/],
    [['--limit', '0', 'SELECT 1'], /--limit must be a whole number/],
    [['--named', 'no_such_query'], /no named query "no_such_query"/],
    [['--athena', 'SELECT 1'], /--athena needs a region/],
    [['--stack', 'ActivityIngest', 'SELECT 1'], /--stack is for --athena/],
  ])('%j', async (args, message) => {
    const r = await query(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a folder that is not a data folder is named, not read as empty', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'activity-not-data-'));
    try {
      const r = await query(['--data', dir, 'SELECT count(*) FROM released']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not a data folder/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
