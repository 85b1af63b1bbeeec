/**
 * The documented commands, run as a user runs them: `npm run directory -- build people.csv --out
 * directory.bin`, then `npm start -- --directory directory.bin` (the real server process), a
 * colleague named in a command, and the stored data searched after a clean stop. A bad people
 * file stops both commands with the problem by line, never a value.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/cdk-context.ts';
import { localTokenMinter } from '../../local/agent-credentials.ts';
import { leakCheck } from '../../local/leak-check.ts';
import { startServerProcess } from '../../local/server-process.ts';
import { envelope, post, terminalEvent } from './events.ts';

const run = promisify(execFile);
const PEOPLE = `employee_id,name,usernames,emails
E400123,Zyxa Quorvin,zquorvin,zyxa.quorvin@northwind-labs.com
E400124,"Okafor, Chidera",cokafor,chidera@northwind-labs.com
`;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'directory-commands-'));
  await writeFile(join(dir, 'people.csv'), PEOPLE);
  await writeFile(
    join(dir, 'bad.csv'),
    'employee_id,name,usernames,emails\nE1,Zyxa Quorvin,zq,not-an-address\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const npmRun = (...args: string[]) => run('npm', ['run', '-s', ...args], { cwd: REPO_ROOT });

describe('npm run directory -- build', () => {
  it('writes the artifact and reports counts, no values', async () => {
    const { stdout } = await npmRun(
      'directory',
      '--',
      'build',
      join(dir, 'people.csv'),
      '--out',
      join(dir, 'directory.bin'),
    );
    expect(stdout).toMatch(/directory\.bin: 2 people, \d+ keyed entries, \d+ bytes/);
    const bytes = await readFile(join(dir, 'directory.bin'));
    for (const v of ['Zyxa', 'Quorvin', 'zquorvin', 'Chidera', 'cokafor', 'E400123']) {
      expect(bytes.includes(Buffer.from(v)), v).toBe(false);
    }
  });

  it('refuses a bad people file: exit 1, the line and rule, no value', async () => {
    const failed = await npmRun(
      'directory',
      '--',
      'build',
      join(dir, 'bad.csv'),
      '--out',
      join(dir, 'x.bin'),
    ).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('line 2: emails: entry 1 is not an e-mail address');
    expect(failed?.stderr).not.toMatch(/Zyxa|Quorvin|not-an-address/);
  });
});

describe('npm start -- --directory', () => {
  it('removes every person of the directory from what it stores', async () => {
    const data = join(dir, 'data');
    const server = await startServerProcess([
      '--port',
      '0',
      '--data',
      data,
      '--workers',
      '1',
      '--directory',
      join(dir, 'directory.bin'),
    ]);
    try {
      expect(server.logLines().find((l) => l['msg'] === 'listening')?.['directory_people']).toBe(2);
      const command =
        'git commit -m "pair with Zyxa Quorvin and OKAFOR, Chidera" && scp /home/zquorvin/x . # E-400124';
      const token = (await localTokenMinter(data))('emp-0001');
      const { status } = await post(server.url, envelope([terminalEvent({ command })]), token);
      expect(status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const report = await leakCheck(
      data,
      ['Zyxa', 'Quorvin', 'zquorvin', 'Chidera', 'OKAFOR', '400124'].map((value) => ({
        kind: 'person',
        value,
      })),
    );
    expect(report.decodedRows).toBe(1);
    expect(report.leaks).toEqual([]);
  }, 60_000);

  it('refuses to start with a bad people file, naming the line', async () => {
    await expect(
      startServerProcess(['--port', '0', '--data', join(dir, 'data2'), '--directory', join(dir, 'bad.csv')]),
    ).rejects.toThrow(
      /--directory: people file: 1 problem\(s\)\n {2}line 2: emails: entry 1 is not an e-mail address/,
    );
  });
});
