/**
 * The preview shows what is stored: the same batch is sent to a real local server (a process, with
 * the employee's bearer token) and previewed; every stored row equals its preview column by column,
 * with `<you>` and `<session N>` standing one-to-one for the stored pseudonyms, and every refusal
 * has the same code and message.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventVerdict } from '../../lib/api/contract.ts';
import { type Preview, previewEvents, type StoredEventPreview } from '../../lib/preview/preview-events.ts';
import { EVENT_COLUMNS } from '../../lib/schema/columns.ts';
import { EVENT_TYPE_NAMES } from '../../lib/schema/request.ts';
import { localTokenMinter } from '../../local/agent-credentials.ts';
import { QueryEngine } from '../../local/query-engine.ts';
import { type ServerProcess, startServerProcess } from '../../local/server-process.ts';
import { post } from '../local/events.ts';
import { envelopeOf, IDENTITY, previewBatch } from './batch.ts';

const ISO = "'%Y-%m-%dT%H:%M:%S.%gZ'";

let dir: string;
let server: ServerProcess;
let verdicts: EventVerdict[];
let stored: Map<string, Record<string, unknown>>;
let preview: Preview;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'activity-preview-'));
  server = await startServerProcess(['--port', '0', '--data', dir, '--workers', '1']);
  const token = (await localTokenMinter(dir))(IDENTITY.employeeId);
  const now = new Date();
  const events = previewBatch(now);
  const response = await post(server.url, envelopeOf(events), token);
  expect(response.status).toBe(207);
  verdicts = response.json['results'] as EventVerdict[];
  // The preview of the same events, as the employee's device would compute it.
  preview = previewEvents(events, { ...IDENTITY, now });

  server.child.kill('SIGTERM'); // flushes everything to Parquet, then exits
  expect(await server.exited).toBe(0);
  const engine = await QueryEngine.open(dir, { raw: true });
  try {
    const { columns, rows } = await engine.query(
      `SELECT * EXCLUDE (occurred_at, received_at, dt), strftime(occurred_at, ${ISO}) AS occurred_at, strftime(received_at, ${ISO}) AS received_at FROM events`,
    );
    stored = new Map(
      rows.map((r) => {
        const row = Object.fromEntries(columns.map((c, i) => [c.name, r[i]]));
        return [String(row['event_id']), row];
      }),
    );
  } finally {
    engine.close();
  }
}, 120_000);

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null)
    server.child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

const storedPreviews = () => preview.events.filter((e): e is StoredEventPreview => e.verdict === 'stored');

describe('the preview stores what local mode stores, for every event type', () => {
  it('previews as stored exactly the events the server accepted, and covers every event type', () => {
    const accepted = verdicts.filter((v) => v.status === 'accepted').map((v) => v.event_id);
    expect(storedPreviews().map((e) => e.event_id)).toEqual(accepted);
    expect([...stored.keys()].sort()).toEqual([...accepted].sort());
    expect(new Set(storedPreviews().map((e) => e.type))).toEqual(new Set(EVENT_TYPE_NAMES));
  });

  it('gives every stored row, column by column, the value its preview shows', () => {
    const columns = EVENT_COLUMNS.map((c) => c.name).filter(
      (c) => !['contributor', 'session', 'received_at'].includes(c),
    );
    for (const event of storedPreviews()) {
      const row = stored.get(event.event_id) as Record<string, unknown>;
      const shown = event.row as unknown as Record<string, unknown>;
      for (const column of columns) {
        expect(row[column], `${event.type} ${event.event_id} ${column}`).toEqual(shown[column]);
      }
    }
  });

  it('shows <you> for the one stored contributor, and one <session N> per stored session', () => {
    const contributors = new Set([...stored.values()].map((r) => r['contributor']));
    expect(contributors.size).toBe(1);
    expect(new Set(storedPreviews().map((e) => e.row.contributor))).toEqual(new Set(['<you>']));
    // The placeholder ↔ pseudonym map is a bijection: the preview links exactly the events the store links.
    const pairs = new Set(
      storedPreviews().map((e) => `${e.row.session}|${stored.get(e.event_id)?.['session']}`),
    );
    const placeholders = new Set(storedPreviews().map((e) => e.row.session));
    const pseudonyms = new Set([...stored.values()].map((r) => r['session']));
    expect(pairs.size).toBe(placeholders.size);
    expect(pairs.size).toBe(pseudonyms.size);
  });

  it('rejects the same events with the same codes and reasons', () => {
    const refused = verdicts
      .filter((v) => v.status !== 'accepted')
      .map((v) => ({ index: v.index, code: v.code, message: v.message }));
    expect(refused.map((r) => r.code).sort()).toEqual([
      'duplicate_in_batch',
      'invalid_event',
      'invalid_event',
      'unknown_event_type',
    ]);
    const previewed = preview.events
      .filter((e) => e.verdict === 'rejected')
      .map((e) => ({ index: e.index, code: e.code, message: e.message }));
    expect(previewed).toEqual(refused);
  });

  it('exercises dropping, scrubbing the identity and the hints, and the content cap (so the equality says something)', () => {
    const all = storedPreviews();
    const placeholders = new Set(all.flatMap((e) => Object.keys(e.placeholders)));
    for (const type of ['PASSWORD', 'EMAIL', 'URI_CREDENTIALS', 'HOME_USER', 'IDENTITY', 'PERSONAL_DOMAIN']) {
      expect(placeholders, type).toContain(type);
    }
    expect(all.some((e) => e.row.content_truncated === true)).toBe(true);
    const fates = all.flatMap((e) => e.fields.map((f) => `${f.field}:${f.fate}`));
    for (const fate of [
      'title:dropped',
      'project_root:dropped',
      'url:dropped',
      'app:dropped',
      'url:transformed',
    ]) {
      expect(fates).toContain(fate);
    }
  });
});
