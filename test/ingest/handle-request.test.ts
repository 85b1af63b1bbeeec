import { createHmac } from 'node:crypto';
import { PutRecordBatchCommand, type PutRecordBatchCommandInput } from '@aws-sdk/client-firehose';
import { GenerateMacCommand } from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BatchResponse, ErrorResponse } from '../../lib/api/contract.ts';
import { handleIngestRequest } from '../../lib/ingest/handle-request.ts';
import { WINDOW_KEY_LABEL_PREFIX } from '../../lib/ingest/kms-window-key.ts';
import { createMemorySink } from '../../lib/ingest/memory-sink.ts';
import type { RowSink } from '../../lib/ingest/ports.ts';
import { silentTelemetry } from '../../lib/ingest/telemetry.ts';
import { config, envelope, event, fixedKeys, RECEIVED_AT, request, typical } from './fixtures.ts';
import {
  fakeMac,
  firehoseMock,
  kmsMock,
  macCalls,
  pipeline,
  putCalls,
  resetAws,
  sentRows,
  sentText,
} from './pipeline.ts';

beforeEach(resetAws);

const body = <T>(r: { body: string }) => JSON.parse(r.body) as T;
const allTypes = () => Object.values(typical).map((make) => make());

describe('status codes', () => {
  it('200 when every event is accepted; every event gets a verdict in order', async () => {
    const events = allTypes();
    const res = await pipeline().send(envelope(events));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const b = body<BatchResponse>(res);
    expect(b).toMatchObject({ request_id: 'req-1', accepted: events.length, rejected: 0, retry: 0 });
    expect(b.results).toEqual(
      events.map((e, index) => ({ index, event_id: e.event_id, status: 'accepted' })),
    );
    expect(sentRows()).toHaveLength(events.length);
  });

  it('207 when verdicts are mixed: an unknown type is rejected, the others in the batch are stored', async () => {
    const events = [typical.build!(), event('screen_capture', { pixels: 'x' }), typical.clipboard!()];
    const res = await pipeline().send(envelope(events));
    expect(res.statusCode).toBe(207);
    const b = body<BatchResponse>(res);
    expect(b).toMatchObject({ accepted: 2, rejected: 1, retry: 0 });
    expect(b.results[1]).toEqual({
      index: 1,
      event_id: events[1]!.event_id,
      status: 'rejected',
      code: 'unknown_event_type',
      message: 'type: is not a known event type',
    });
    expect(sentRows().map((r) => r.event_type)).toEqual(['build', 'clipboard']);
  });

  it('207 when every event is rejected (nothing to retry), and nothing is sent or derived', async () => {
    const res = await pipeline().send(envelope([event('nope'), { type: 'build' }]));
    expect(res.statusCode).toBe(207);
    expect(body<BatchResponse>(res)).toMatchObject({ accepted: 0, rejected: 2, retry: 0 });
    expect(putCalls()).toBe(0);
    expect(macCalls()).toBe(0);
  });

  it('400 invalid_json for a body that is not JSON, or not UTF-8, without quoting it', async () => {
    const res = await pipeline().send('{"employee_id": "E-SECRET", ');
    expect(res.statusCode).toBe(400);
    expect(body<ErrorResponse>(res).error).toEqual({
      code: 'invalid_json',
      message: 'body: must be valid JSON',
    });
    expect(res.body).not.toContain('SECRET');
    const bad = await pipeline().send('', { body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) });
    expect(body<ErrorResponse>(bad).error).toEqual({ code: 'invalid_json', message: 'body: must be UTF-8' });
  });

  it('400 invalid_envelope naming the field and the rule, never the value', async () => {
    const res = await pipeline().send(
      envelope([typical.build!()], {
        agent: { name: 'a', version: 'SECRET-VERSION-'.repeat(10), os: 'linux' },
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(body<ErrorResponse>(res)).toEqual({
      error: {
        code: 'invalid_envelope',
        message: '/agent/version: must be at most 64 characters',
        field: '/agent/version',
      },
      request_id: 'req-1',
    });
    expect(res.body).not.toContain('SECRET');
    expect(putCalls()).toBe(0);
  });

  it('400 when the batch has more events than allowed', async () => {
    const res = await pipeline({ config: { ...config, maxEvents: 3 } }).send(
      envelope(Array.from({ length: 4 }, typical.clipboard!)),
    );
    expect(res.statusCode).toBe(400);
    expect(body<ErrorResponse>(res).error).toMatchObject({
      field: '/events',
      message: '/events: must have at most 3 items',
    });
  });

  it('413 over maxBodyBytes, measured in bytes not characters', async () => {
    const small = { ...config, maxBodyBytes: 2048 };
    const ascii = JSON.stringify(envelope([typical.clipboard!()]));
    const padding = 2048 - Buffer.byteLength(ascii) - 20;
    const fits = JSON.stringify(envelope([typical.clipboard!()], { note: 'a'.repeat(padding) }));
    const multibyte = JSON.stringify(envelope([typical.clipboard!()], { note: 'é'.repeat(padding) })); // 2 bytes each
    expect(fits.length).toBe(multibyte.length);
    expect((await pipeline({ config: small }).send(fits)).statusCode).toBe(200);
    const res = await pipeline({ config: small }).send(multibyte);
    expect(res.statusCode).toBe(413);
    expect(body<ErrorResponse>(res).error).toEqual({
      code: 'payload_too_large',
      message: 'body: must be at most 2048 bytes',
    });
    const bytes = await pipeline({ config: small }).send('', { body: new TextEncoder().encode(multibyte) });
    expect(bytes.statusCode).toBe(413);
  });

  it.each([
    [undefined, 415],
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['application/json; charset=iso-8859-1', 415],
    ['application/json', 200],
    ['Application/JSON; charset=UTF-8', 200],
    ['application/json;charset="utf-8"', 200],
  ])('content type %s → %i', async (contentType, status) => {
    const res = await pipeline().send(envelope([typical.clipboard!()]), { contentType });
    expect(res.statusCode).toBe(status);
    if (status === 415) expect(body<ErrorResponse>(res).error.code).toBe('unsupported_media_type');
  });

  it('503 with Retry-After and NOTHING forwarded when the pseudonym key is unavailable', async () => {
    kmsMock
      .on(GenerateMacCommand)
      .rejects(Object.assign(new Error('KMS is down'), { name: 'KMSInternalException' }));
    const events = [typical.build!(), event('nope'), typical.file_edit!()];
    const res = await pipeline().send(envelope(events));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    const b = body<BatchResponse & ErrorResponse>(res);
    expect(b.error.code).toBe('unavailable');
    expect(b.results.map((r) => [r.status, r.code])).toEqual([
      ['retry', 'unavailable'],
      ['rejected', 'unknown_event_type'],
      ['retry', 'unavailable'],
    ]);
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
  });

  it('503 with Retry-After when Firehose is down: nothing delivered, every valid event retryable', async () => {
    firehoseMock
      .on(PutRecordBatchCommand)
      .rejects(Object.assign(new Error('down'), { $metadata: { httpStatusCode: 500 } }));
    const res = await pipeline({ budgetMs: 1000 }).send(envelope(allTypes()));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    const b = body<BatchResponse>(res);
    expect(b.retry).toBe(allTypes().length);
    expect(new Set(b.results.map((r) => r.code))).toEqual(new Set(['delivery_failed']));
  });

  it('200 after a partial Firehose failure is retried and then succeeds', async () => {
    firehoseMock
      .on(PutRecordBatchCommand)
      .callsFakeOnce((input: PutRecordBatchCommandInput) => ({
        FailedPutCount: 1,
        RequestResponses: input.Records!.map((_, i) =>
          i === 1 ? { ErrorCode: 'ServiceUnavailableException' } : { RecordId: 'r' },
        ),
      }))
      .callsFake((input: PutRecordBatchCommandInput) => ({
        FailedPutCount: 0,
        RequestResponses: input.Records!.map(() => ({ RecordId: 'r' })),
      }));
    const res = await pipeline().send(
      envelope([typical.build!(), typical.test_run!(), typical.clipboard!()]),
    );
    expect(res.statusCode).toBe(200);
    expect(putCalls()).toBe(2);
  });

  it('207 with retry verdicts for rows that still fail after the retry budget', async () => {
    firehoseMock.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => ({
      FailedPutCount: 1,
      RequestResponses: input.Records!.map((r) =>
        new TextDecoder().decode(r.Data).includes('"event_type":"test_run"')
          ? { ErrorCode: 'InternalFailure' }
          : { RecordId: 'r' },
      ),
    }));
    const res = await pipeline().send(
      envelope([typical.build!(), typical.test_run!(), typical.clipboard!()]),
    );
    expect(res.statusCode).toBe(207);
    expect(body<BatchResponse>(res).results.map((r) => r.status)).toEqual(['accepted', 'retry', 'accepted']);
    expect(body<BatchResponse>(res).results[1]).toMatchObject({ code: 'delivery_failed' });
  });

  it('never throws: a sink that breaks its contract still yields verdicts', async () => {
    const broken: RowSink = {
      deliver: async () => {
        throw new Error('boom');
      },
    };
    const res = await handleIngestRequest(request(envelope([typical.build!()])), {
      keys: fixedKeys(),
      sink: broken,
      config,
    });
    expect(res.statusCode).toBe(503);
    const short: RowSink = { deliver: async () => [] };
    const res2 = await handleIngestRequest(request(envelope([typical.build!()])), {
      keys: fixedKeys(),
      sink: short,
      config,
    });
    expect(body<BatchResponse>(res2).results[0]!.status).toBe('retry');
  });
});

describe('failures inside the function', () => {
  it('500 internal_error on a bug: never a throw, nothing of the error in the body', async () => {
    const broken = { windowKey: async () => undefined as unknown as Uint8Array };
    const res = await handleIngestRequest(request(envelope([typical.build!()])), {
      keys: broken,
      sink: createMemorySink(),
      config,
    });
    expect(res.statusCode).toBe(500);
    expect(body<ErrorResponse>(res)).toEqual({
      error: { code: 'internal_error', message: 'the request could not be processed' },
      request_id: 'req-1',
    });
  });

  it('rejects with policy_violation a row that would not fit one Firehose record after scrubbing', async () => {
    const big = { ...config, maxBodyBytes: 4 * 1024 * 1024, maxContentBytes: 256 * 1024 };
    // 200,000 control characters: within the content cap, but six bytes each once JSON-escaped.
    const events = [{ ...typical.build!(), diagnostics: '\u0001'.repeat(200_000) }, typical.clipboard!()];
    const res = await pipeline({ config: big }).send(envelope(events));
    expect(res.statusCode).toBe(207);
    expect(body<BatchResponse>(res).results[0]).toMatchObject({
      status: 'rejected',
      code: 'policy_violation',
      message: 'event: too large to store after scrubbing',
    });
    expect(sentRows().map((r) => r.event_type)).toEqual(['clipboard']);
  });
});

describe('nobody can look an employee up: only keyed, windowed pseudonyms are stored', () => {
  const expected = (window: string, kind: string, id: string) =>
    createHmac('sha256', fakeMac(new TextEncoder().encode(`${WINDOW_KEY_LABEL_PREFIX}${window}`)))
      .update(`${kind}|${id}`)
      .digest('hex');

  it('contributor and session are HMAC-SHA256 under the window key; rows carry the window', async () => {
    await pipeline().send(envelope([typical.build!()]));
    const [row] = sentRows();
    expect(row).toMatchObject({
      // Of the normalised id (NFKC, trimmed, case-folded), as the credentials and the body are compared.
      contributor: expected('2026-11-27', 'contributor', 'e-1029384'),
      session: expected('2026-11-27', 'session', JSON.stringify(['e-1029384', 'sess-4f1c2a'])),
      pseudonym_window: '2026-11-27',
    });
  });

  it('same person, same window → same contributor across requests; next day → different; one KMS call per window', async () => {
    const p = pipeline();
    await p.send(envelope([typical.build!()]));
    await p.send(envelope([typical.build!()]));
    await p.send(envelope([typical.build!()]), { receivedAt: new Date('2026-11-28T00:00:01Z') });
    const [a, b, c] = sentRows();
    expect(a!.contributor).toBe(b!.contributor);
    expect(c!.contributor).not.toBe(a!.contributor);
    expect(c!.pseudonym_window).toBe('2026-11-28');
    expect(macCalls()).toBe(2);
  });

  it('uses the configured window kind', async () => {
    await pipeline({ config: { ...config, pseudonymWindow: 'week' } }).send(envelope([typical.build!()]));
    expect(sentRows()[0]!.pseudonym_window).toBe('2026-W48');
  });

  it('stores no raw employee id, device id, session id, project root or identity hint', async () => {
    await pipeline().send(envelope(allTypes()));
    const text = sentText();
    for (const raw of [
      'E-1029384',
      'alice-mbp-7781',
      'sess-4f1c2a',
      '/Users/alice',
      'alice.example@corp.example.com',
      'Alice Example',
    ]) {
      expect(text).not.toContain(raw);
    }
  });

  it('scrubs the identity hints, the employee id and home user names out of kept text', async () => {
    const diff = '+// TODO(alice): ask Alice Example <alice.example@corp.example.com>, ticket E-1029384\n';
    await pipeline().send(envelope([typical.file_edit!(), { ...typical.file_edit!(), diff }]));
    const text = sentText();
    expect(text).not.toMatch(/alice|E-1029384/i);
    expect(sentRows()[1]!.redactions).toBeTruthy();
  });
});

describe('per event type, the stored row holds only what the policy keeps', () => {
  const store = async (e: Record<string, unknown>) => {
    await pipeline().send(envelope([e]));
    return sentRows()[0]!;
  };

  it('window_focus: the title never reaches storage', async () => {
    const row = await store(typical.window_focus!());
    expect(row).toMatchObject({
      event_type: 'window_focus',
      app: 'Slack',
      duration_ms: 30000,
      content: null,
    });
    expect(sentText()).not.toContain('DM with Bob');
  });

  it('navigation: the registrable domain only', async () => {
    const row = await store(typical.navigation!());
    expect(row.domain).toBe('python.org');
    expect(sentText()).not.toMatch(/library|lookahead|docs\.python/);
  });

  it('keystroke_stats: counts only', async () => {
    const row = await store(typical.keystroke_stats!());
    expect(row.counts).toEqual({ keys: 420, deletions: 37, pastes: 2 });
    expect([row.content, row.path, row.domain]).toEqual([null, null, null]);
  });

  it('clipboard: the length only', async () => {
    const row = await store(typical.clipboard!());
    expect(row.counts).toEqual({ length: 118 });
    expect(sentText()).not.toContain('copy');
  });

  it('file_edit: the path relative to the project, the scrubbed diff and its redaction counts', async () => {
    const row = await store({ ...typical.file_edit!(), diff: '+const key = "AKIAIOSFODNN7EXAMPLE";\n' });
    expect(row).toMatchObject({
      path: 'src/cart.ts',
      language: 'typescript',
      counts: { lines_added: 1, lines_removed: 1 },
    });
    expect(row.content).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(row.content).toContain('<AWS_ACCESS_KEY>');
    expect(row.redactions).toMatchObject({ AWS_ACCESS_KEY: 1 });
    expect(row.content_truncated).toBe(false);
  });

  it('terminal_command: the scrubbed command, cwd relative to the project, exit code', async () => {
    const row = await store({
      ...typical.terminal_command!(),
      command: 'curl -H "Authorization: Bearer Zk3q9vX2LmP8rT4wN6yB1cH5dQ7s" https://api.example.com',
    });
    expect(row).toMatchObject({ path: '.', tool: 'zsh', exit_code: 1, duration_ms: 5321 });
    expect(row.content).not.toContain('Zk3q9vX2LmP8rT4wN6yB1cH5dQ7s');
  });

  it('build: outcome from success, diagnostics scrubbed and truncated at the cap', async () => {
    const cap = { ...config, maxContentBytes: 1024 };
    await pipeline({ config: cap }).send(
      envelope([{ ...typical.build!(), diagnostics: 'error: x\n'.repeat(1000) }]),
    );
    const row = sentRows()[0]!;
    expect(row).toMatchObject({
      outcome: 'failure',
      tool: 'tsc',
      content_truncated: true,
      counts: { errors: 1, warnings: 0 },
    });
    expect(Buffer.byteLength(String(row.content))).toBeLessThanOrEqual(1024);
  });

  it('unknown fields are dropped', async () => {
    await store({
      ...typical.build!(),
      screenshot: 'iVBORw0KGgo-UNKNOWN',
      contributor: 'forged',
      content: 'forged-content',
    });
    const text = sentText();
    expect(text).not.toMatch(/UNKNOWN|forged/);
  });

  it('labels that do not look like names are dropped', async () => {
    const row = await store({
      ...typical.build!(),
      tool: 'make && echo $AWS_SECRET_ACCESS_KEY',
      app: 'alice@laptop',
    });
    expect([row.tool, row.app]).toEqual([null, null]);
  });

  it('stores occurred_at in UTC with milliseconds and received_at from the request', async () => {
    const row = await store({ ...typical.clipboard!(), occurred_at: '2026-11-27T08:30:00.5+01:30' });
    expect(row).toMatchObject({
      occurred_at: '2026-11-27T07:00:00.500Z',
      received_at: RECEIVED_AT.toISOString(),
    });
  });
});

describe('the core works with any sink and key provider (local mode uses the same core)', () => {
  it('delivers to an in-memory sink', async () => {
    const sink = createMemorySink();
    const res = await handleIngestRequest(request(envelope(allTypes())), { keys: fixedKeys(), sink, config });
    expect(res.statusCode).toBe(200);
    expect(sink.rows).toHaveLength(allTypes().length);
  });
});

describe('an agent can write only as the employee its credentials name', () => {
  const failures: { status: number; code: string }[] = [];
  const telemetry = {
    ...silentTelemetry,
    requestFailed: (o: { status: number; code: string }) => failures.push({ status: o.status, code: o.code }),
  };
  beforeEach(() => {
    failures.length = 0;
  });
  const code = (res: { body: string }) => body<ErrorResponse>(res).error.code;

  it('no valid credentials → 401 unauthenticated with a Bearer challenge; the body is not even read', async () => {
    const res = await pipeline({ telemetry }).send('{not json', { caller: { kind: 'unauthenticated' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="activity-ingest"');
    expect(code(res)).toBe('unauthenticated');
    expect([putCalls(), macCalls()]).toEqual([0, 0]);
    expect(failures).toEqual([{ status: 401, code: 'unauthenticated' }]);
  });

  it('a caller that is not an agent → 403 forbidden_caller, nothing forwarded, no key derived', async () => {
    const res = await pipeline({ telemetry }).send(envelope([typical.build!()]), {
      caller: { kind: 'forbidden' },
    });
    expect([res.statusCode, code(res)]).toEqual([403, 'forbidden_caller']);
    expect([putCalls(), macCalls()]).toEqual([0, 0]);
    expect(failures).toEqual([{ status: 403, code: 'forbidden_caller' }]);
  });

  it('a body naming another employee → 403 identity_mismatch for the whole batch, nothing forwarded', async () => {
    const res = await pipeline({ telemetry }).send(
      envelope([typical.build!(), typical.file_edit!()], { employee_id: 'E-5550001' }),
    );
    expect(res.statusCode).toBe(403);
    expect(body<ErrorResponse>(res).error).toMatchObject({
      code: 'identity_mismatch',
      field: '/employee_id',
    });
    expect([putCalls(), macCalls()]).toEqual([0, 0]);
    expect(failures).toEqual([{ status: 403, code: 'identity_mismatch' }]);
  });

  it('the pseudonym is the credentials’ employee’s, whatever spelling of it the body carries', async () => {
    const p = pipeline();
    await p.send(envelope([typical.build!()], { employee_id: 'e-1029384' }));
    await p.send(envelope([typical.build!()], { employee_id: undefined }));
    await p.send(envelope([typical.build!()]));
    const contributors = new Set(sentRows().map((r) => r.contributor));
    expect(contributors.size).toBe(1);
  });

  it('an unauthenticated (--open, development) server takes the body’s employee, and requires it', async () => {
    const open = { caller: { kind: 'unauthenticated_open' } } as const;
    const p = pipeline({ telemetry });
    const a = await p.send(envelope([typical.build!()], { employee_id: 'E-1' }), open);
    const b = await p.send(envelope([typical.build!()], { employee_id: 'E-2' }), open);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const [ra, rb] = sentRows();
    expect(ra!.contributor).not.toBe(rb!.contributor);
    const missing = await p.send(envelope([typical.build!()], { employee_id: undefined }), open);
    expect(missing.statusCode).toBe(400);
    expect(body<ErrorResponse>(missing).error).toMatchObject({
      code: 'invalid_envelope',
      field: '/employee_id',
    });
  });
});
