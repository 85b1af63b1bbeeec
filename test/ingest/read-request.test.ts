/**
 * Ill-formed UTF-16 is repaired at ingress: a string holding an unpaired surrogate (a `\ud800`
 * escape in the JSON) gets U+FFFD in its place before validation, so nothing downstream — the
 * scrubber, the row encoding, DuckDB, which refuses a whole JSON file with one lone surrogate —
 * ever sees it, and no event is lost for it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { employeeCaller } from '../../lib/ingest/caller.ts';
import { readRequest, repairSurrogates } from '../../lib/ingest/read-request.ts';
import { localTokenMinter } from '../../local/agent-credentials.ts';
import { startLocalServer } from '../../local/local-server.ts';
import { QueryEngine } from '../../local/query-engine.ts';
import { acceptedIds, envelope as localEnvelope, post, terminalEvent } from '../local/events.ts';
import { envelope, request, typical } from './fixtures.ts';
import { pipeline, resetAws, sentRows, sentText } from './pipeline.ts';

beforeEach(resetAws);

/** JSON text with `\uD800`-style escapes: what a client that cut a string inside a surrogate pair sends. */
const withLoneSurrogates = (body: unknown): string =>
  JSON.stringify(body).replaceAll('LONE_HIGH', '\\ud83d').replaceAll('LONE_LOW', '\\ude00');

const isWellFormed = (s: string): boolean =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('unpaired surrogates are repaired before anything else sees them', () => {
  it('every string of the parsed body, keys included, is well-formed; paired surrogates are kept', () => {
    const text = withLoneSurrogates({ a: 'xLONE_HIGHy', kLONE_LOW: ['LONE_LOW', { b: 'ok 😀' }] });
    const read = readRequest(request(text), 1 << 20);
    expect(read.ok).toBe(true);
    const body = (read as { body: Record<string, unknown> }).body;
    expect(body).toEqual({ a: 'x\uFFFDy', 'k\uFFFD': ['\uFFFD', { b: 'ok 😀' }] });
  });

  it('a `__proto__` key stays an own property while its string is repaired', () => {
    const body = repairSurrogates(JSON.parse('{"__proto__": "x\\ud800"}')) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(body, '__proto__')?.value).toBe('x\uFFFD');
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
  });

  it('a deeply nested body is walked without exhausting the stack', () => {
    const deep = `${'['.repeat(100_000)}"\\ud800"${']'.repeat(100_000)}`;
    const read = readRequest(request(deep), 1 << 20);
    expect(read.ok).toBe(true);
  });

  it('the event is accepted and stored with U+FFFD; no lone surrogate (nor its escape) reaches Firehose', async () => {
    const cmd = { ...typical.terminal_command!(), command: 'echo LONE_HIGH done' };
    const res = await pipeline().send(withLoneSurrogates(envelope([cmd])));
    expect(res.statusCode).toBe(200);
    const [row] = sentRows();
    expect(row!.content).toBe('echo \uFFFD done');
    expect(sentText()).not.toMatch(/\\ud[89a-f]/i);
    expect(isWellFormed(sentText())).toBe(true);
  });

  it('identity fields are repaired too: the batch is not refused for them', async () => {
    const body = envelope([typical.build!()], { employee_id: 'E-LONE_HIGH-1', device_id: 'LONE_LOWdev' });
    // The credentials name the employee the repaired body names (a caller of an --open server would too).
    const res = await pipeline().send(withLoneSurrogates(body), { caller: employeeCaller('E-\uFFFD-1') });
    expect(res.statusCode).toBe(200);
  });
});

describe('local mode: DuckDB reads the stored rows', () => {
  it('a batch with unpaired surrogates is accepted, flushed to Parquet and queried', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'activity-surrogate-'));
    const server = await startLocalServer({ dataDir: dir, port: 0 });
    try {
      const events = [
        terminalEvent({ command: 'echo LONE_HIGH' }),
        terminalEvent({ command: 'ls LONE_LOW -la' }),
      ];
      const token = (await localTokenMinter(dir))('emp-0001');
      const { status, json } = await post(server.url, withLoneSurrogates(localEnvelope(events)), token);
      expect(status).toBe(200);
      expect(acceptedIds(json)).toHaveLength(2);
      await server.flush();
      const engine = await QueryEngine.open(dir, { raw: true });
      try {
        const result = await engine.query('SELECT content FROM events ORDER BY content');
        expect(result.rows.map((r) => r[0])).toEqual(['echo \uFFFD', 'ls \uFFFD -la']);
      } finally {
        engine.close();
      }
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
