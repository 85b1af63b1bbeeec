import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BatchResponse } from '../../lib/api/contract.ts';
import { employeeCaller } from '../../lib/ingest/caller.ts';
import { handleIngestRequest } from '../../lib/ingest/handle-request.ts';
import { createMemorySink } from '../../lib/ingest/memory-sink.ts';
import { COLUMN_NAMES } from '../../lib/schema/columns.ts';
import { storedRowJsonSchema } from '../../lib/schema/derive-json-schema.ts';
import { createDraft04Ajv } from '../../lib/schema/draft04-ajv.ts';
import { plantedIn, plantedSecret, validEnvelope } from './arbitraries.ts';
import { config, envelope, fixedKeys, request, typical } from './fixtures.ts';
import { pipeline, resetAws, sentRows, sentText } from './pipeline.ts';

beforeEach(resetAws);

const validateRow = createDraft04Ajv({ allErrors: true }).compile(storedRowJsonSchema());
const STATUSES = new Set([200, 207, 400, 403, 413, 415, 503]);

/** A well-formed response: a known status, a JSON body, and when per-event, one verdict per event. */
function expectWellFormed(res: { statusCode: number; body: string }, events: unknown) {
  expect(STATUSES.has(res.statusCode)).toBe(true);
  const parsed = JSON.parse(res.body);
  if ([200, 207].includes(res.statusCode) || (res.statusCode === 503 && parsed.results)) {
    const b = parsed as BatchResponse;
    expect(Array.isArray(events)).toBe(true);
    expect(b.results.map((r) => r.index)).toEqual((events as unknown[]).map((_, i) => i));
    expect(b.accepted + b.rejected + b.retry).toBe((events as unknown[]).length);
    for (const r of b.results) {
      if (r.status !== 'accepted') expect(typeof r.code).toBe('string');
    }
  } else {
    expect(typeof parsed.error.code).toBe('string');
    expect(typeof parsed.error.message).toBe('string');
  }
}

const mutate = (base: Record<string, unknown>) =>
  fc
    .tuple(
      fc.constantFrom('employee_id', 'agent', 'events', 'identity_hints', 'device_id', 'extra'),
      fc.anything(),
    )
    .map(([key, value]) => ({ ...base, [key]: value }));

const mutateEvent = fc
  .tuple(
    fc.constantFrom(...Object.keys(typical)),
    fc.constantFrom(
      'event_id',
      'occurred_at',
      'type',
      'session_id',
      'app',
      'path',
      'diff',
      'passed',
      'url',
      'title',
      'success',
    ),
    fc.anything(),
  )
  .map(([type, key, value]) => ({ ...typical[type]!(), [key]: value }));

describe('bad input never crashes the function', () => {
  it('random JSON values → a well-formed response, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const res = await handleIngestRequest(request(value), {
          keys: fixedKeys(),
          sink: createMemorySink(),
          config,
        });
        expectWellFormed(res, (value as { events?: unknown })?.events);
      }),
      { numRuns: 200 },
    );
  });

  it('random bytes and strings as body → a well-formed response', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array()), async (raw) => {
        const res = await handleIngestRequest(request('', { body: raw }), {
          keys: fixedKeys(),
          sink: createMemorySink(),
          config,
        });
        expect(STATUSES.has(res.statusCode)).toBe(true);
        JSON.parse(res.body);
      }),
      { numRuns: 200 },
    );
  });

  it('mutated envelopes and events → a well-formed response with one verdict per event', async () => {
    const base = envelope([typical.build!(), typical.file_edit!()]);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          mutate(base),
          fc.array(mutateEvent, { minLength: 1, maxLength: 8 }).map((events) => ({ ...base, events })),
        ),
        async (body) => {
          const res = await handleIngestRequest(request(body), {
            keys: fixedKeys(),
            sink: createMemorySink(),
            config,
          });
          expectWellFormed(res, body.events);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('every stored row fits the Glue table', () => {
  it('validates against storedRowJsonSchema() and has exactly the Glue columns as keys', async () => {
    await fc.assert(
      fc.asyncProperty(validEnvelope(12), async (body) => {
        resetAws();
        const res = await pipeline().send(body, { caller: employeeCaller(body.employee_id) });
        expectWellFormed(res, body.events);
        const rows = sentRows();
        expect(rows.length).toBe((JSON.parse(res.body) as BatchResponse).accepted);
        for (const row of rows) {
          expect(Object.keys(row)).toEqual(COLUMN_NAMES);
          if (!validateRow(row)) throw new Error(`row invalid: ${JSON.stringify(validateRow.errors)}`);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('planted secrets never reach Firehose', () => {
  it.each(Object.keys(plantedIn))('in %s', async (where) => {
    const plant = plantedIn[where as keyof typeof plantedIn];
    const carrier: Record<string, () => Record<string, unknown>> = {
      diff: () => ({ ...typical.file_edit!(), diff: '' }),
      command: () => ({ ...typical.terminal_command!(), command: '' }),
      diagnostics: () => ({ ...typical.build!(), diagnostics: '' }),
      path: () => ({ ...typical.file_edit!(), path: '', project_root: undefined }),
      url: () => ({ ...typical.navigation!(), url: '' }),
      title: () => ({ ...typical.window_focus!(), title: '' }),
    };
    const field = {
      diff: 'diff',
      command: 'command',
      diagnostics: 'diagnostics',
      path: 'path',
      url: 'url',
      title: 'title',
    }[where]!;
    await fc.assert(
      fc.asyncProperty(plantedSecret, async (secret) => {
        resetAws();
        const res = await pipeline().send(envelope([{ ...carrier[where]!(), [field]: plant(secret) }]));
        expect(res.statusCode).toBe(200);
        expect(sentText()).not.toContain(secret);
      }),
      { numRuns: 60 },
    );
  });

  it('identifiers (employee, device, session, hints) never reach Firehose, wherever they are planted', async () => {
    const id = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
      minLength: 8,
      maxLength: 16,
    });
    await fc.assert(
      fc.asyncProperty(id, id, id, id, async (employee, device, session, username) => {
        resetAws();
        const text = `${employee} ${device} ${username} /home/${username}/x`;
        const events = [
          {
            ...typical.file_edit!(),
            session_id: session,
            diff: `+// owner ${text}\n`,
            path: `/home/${username}/p/a.ts`,
            project_root: undefined,
          },
          {
            ...typical.terminal_command!(),
            session_id: session,
            command: `ssh ${username}@build-1 'cat ${employee}'`,
            cwd: `/home/${username}`,
          },
        ];
        await pipeline().send(
          envelope(events, {
            employee_id: employee,
            device_id: device,
            identity_hints: { usernames: [username] },
          }),
          { caller: employeeCaller(employee) },
        );
        const out = sentText();
        for (const raw of [employee, device, session, username]) expect(out).not.toContain(raw);
      }),
      { numRuns: 60 },
    );
  });
});
