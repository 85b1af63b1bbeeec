/**
 * `npm run release` and `npm run query`, run as a user runs them (npm, a real process, a data
 * folder of raw Parquet written by the local delivery): release, then query the released table;
 * the raw table only with --raw, which says who raw data is for; bad input is a usage error.
 */
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/cdk-context.ts';
import { dataLayout } from '../../local/layout.ts';
import { session, storeRaw, withDataDir } from './raw-data.ts';

const exec = promisify(execFile);

async function npmRun(
  script: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('npm', ['run', '--silent', script, '--', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ACTIVITY_DATA_DIR: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const DAYS = ['2026-11-26', '2026-11-27'];

describe('npm run release, then npm run query on the released table', () => {
  it('releases every raw day with --all, and trainers’ named queries read the result', async () => {
    await withDataDir(async (dir) => {
      await storeRaw(
        dir,
        DAYS.flatMap((day) =>
          ['c1', 'c2'].flatMap((c) => session(c, `${c}-${day}`, `${day}T09:00:00.000Z`, 3)),
        ),
      );
      const release = await npmRun('release', ['--data', dir, '--all', '--k', '2']);
      expect(release.code, release.stderr).toBe(0);
      expect(release.stdout).toMatch(/k = 2, sessions of at least 3 events/);
      for (const day of DAYS) expect(release.stdout).toContain(`dt=${day}  rows in 6 → released 6`);
      expect(await readdir(dataLayout(dir).released)).toEqual(DAYS.map((d) => `dt=${d}`));

      const named = await npmRun('query', [
        '--data',
        dir,
        '--named',
        'session_summary_by_day',
        '--format',
        'json',
      ]);
      expect(named.code, named.stderr).toBe(0);
      // The named queries look back from today; these days are fixed, so read the table directly too.
      const all = await npmRun('query', [
        '--data',
        dir,
        '--format',
        'json',
        'SELECT dt, count(*) AS n, count(DISTINCT "session") AS sessions FROM released GROUP BY dt ORDER BY dt',
      ]);
      expect(JSON.parse(all.stdout)).toEqual(DAYS.map((dt) => ({ dt, n: 6, sessions: 2 })));
      const report = await npmRun('query', [
        '--data',
        dir,
        '--format',
        'csv',
        'SELECT dt, rows_out FROM release_report ORDER BY dt',
      ]);
      expect(report.stdout).toBe(`dt,rows_out\r\n${DAYS.map((d) => `${d},6`).join('\r\n')}\r\n`);
    });
  });

  it('opens the raw table only with --raw, saying raw data is for operators of a local deployment', async () => {
    await withDataDir(async (dir) => {
      await storeRaw(dir, session('c1', 's1', `${DAYS[0]}T09:00:00.000Z`, 3));
      const trainer = await npmRun('query', ['--data', dir, 'SELECT count(*) FROM events']);
      expect(trainer.code).toBe(1);
      expect(trainer.stderr).toMatch(/`events` is the raw table: trainers query `released`.*--raw/);
      const operator = await npmRun('query', [
        '--data',
        dir,
        '--raw',
        '--format',
        'csv',
        'SELECT count(*) AS n FROM events',
      ]);
      expect(operator.code, operator.stderr).toBe(0);
      expect(operator.stderr).toMatch(/raw data: .*for operators of a local deployment only/);
      expect(operator.stdout).toBe('n\r\n3\r\n');
    });
  });

  it('refuses a day that is not a day, a k below 2 and an unknown flag, as usage errors', async () => {
    await withDataDir(async (dir) => {
      for (const [args, message] of [
        [['--dt', '2026-02-30'], /dt must be a real day written yyyy-MM-dd/],
        [['--k', '1'], /--k must be an integer from 2 to 10000, got 1/],
        [['--bogus'], /Unknown option '--bogus'/],
      ] as const) {
        const result = await npmRun('release', ['--data', dir, ...args]);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).toContain('usage: npm run release');
      }
      expect(await readdir(dir)).not.toContain('released');
    });
  });
});
