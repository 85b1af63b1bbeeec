/**
 * One bad row never costs the good ones: a real server started on a write-ahead segment
 * holding 300 agents' rows and one row DuckDB refuses converts the 300 and sets aside only
 * the one, logging how many and why — never what.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataLayout } from '../../local/layout.ts';
import { processFixture, storedEventIds } from './process-fixture.ts';
import { storedRow } from './rows.ts';

const fixture = processFixture('refused');

describe('a segment DuckDB refuses loses only the refused rows', () => {
  it('converts 300 good rows of a segment left on disk and puts the one bad row in errors/', async () => {
    const dir = fixture.dir;
    const layout = dataLayout(dir);
    const good = Array.from({ length: 300 }, (_, i) =>
      storedRow({ contributor: `agent-${String(i).padStart(3, '0')}`.padEnd(43, 'x') }),
    );
    // Matches the schema, but a lone surrogate makes DuckDB's JSON reader refuse the whole file.
    const secret = 'PLANTED-CONTENT-7f3a';
    const bad = JSON.stringify(storedRow({ content: `${secret} ` })).replace(secret, `\\ud800${secret}`);
    const lines = good.map((r) => JSON.stringify(r));
    lines.splice(211, 0, bad);
    await mkdir(layout.wal, { recursive: true });
    await writeFile(join(layout.wal, '01795763351071-0000-0000abcd.ndjson'), `${lines.join('\n')}\n`);

    const server = await fixture.start(['--port', '0', '--data', dir, '--workers', '0']);
    const refusal = server.logLines().find((l) => l['msg'] === 'rows refused by Parquet conversion');
    expect(refusal).toMatchObject({ rows: 1, refused_invalid_input_error: 1 });
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    expect(await storedEventIds(dir)).toEqual(good.map((r) => r.event_id).sort());
    const [errorFile, ...more] = await readdir(layout.errors);
    expect(more).toEqual([]);
    const records = (await readFile(join(layout.errors, errorFile!), 'utf8')).trim().split('\n');
    expect(records).toHaveLength(1);
    expect((JSON.parse(records[0]!) as { rawData: string }).rawData).toBe(bad);
    // Counts and codes in the log; the row's content and ids nowhere.
    const log = JSON.stringify(server.logLines());
    expect(log).not.toContain(secret);
    expect(log).not.toContain((JSON.parse(bad.replace('\\ud800', '')) as { event_id: string }).event_id);
  });
});
