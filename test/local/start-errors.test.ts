/**
 * `npm start` explains why it cannot start: the port or path, and what to do — exit 2 for
 * what the operator must change, and no stack trace. Real server processes.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runServerToExit } from '../../local/server-process.ts';
import { processFixture } from './process-fixture.ts';

const fixture = processFixture('start-errors');

function failure(lines: Record<string, unknown>[]): string {
  return String(lines.find((l) => l['msg'] === 'failed to start')?.['error']);
}

describe('start errors name the port or path and a fix', () => {
  it('a port in use: exit 2, naming the port and --port', async () => {
    const dir = fixture.dir;
    const first = await fixture.start(['--port', '0', '--data', join(dir, 'a'), '--workers', '0']);
    const port = new URL(first.url).port;
    const second = await runServerToExit(['--port', port, '--data', join(dir, 'b'), '--workers', '0']);
    expect(second.exit).toBe(2);
    expect(failure(second.logLines)).toBe(
      `port ${port} on 127.0.0.1 is in use (another npm start?): pass --port N, or --port 0 for any free one`,
    );
  });

  it('a data folder that is a file: exit 2, naming the path and --data', async () => {
    const file = join(fixture.dir, 'not-a-folder');
    await writeFile(file, 'x');
    const run = await runServerToExit(['--port', '0', '--data', file, '--workers', '0']);
    expect(run.exit).toBe(2);
    expect(failure(run.logLines)).toContain(file);
    expect(failure(run.logLines)).toContain('--data DIR');
  });
});
