import { describe, expect, it } from 'vitest';
import { parseInstant, validateEnvelope, validateEvents } from '../../lib/ingest/validate.ts';
import { envelope, event, RECEIVED_AT, typical } from './fixtures.ts';

describe('the envelope is checked first; a failure names the field and the rule, never the value', () => {
  it('accepts a typical envelope', () => {
    expect(validateEnvelope(envelope([typical.file_edit!()]), 500)).toMatchObject({ ok: true });
  });

  it.each([
    [
      'agent without version',
      (e: Record<string, unknown>) => delete (e.agent as Record<string, unknown>).version,
      '/agent/version',
      'is required',
    ],
    [
      'events not an array',
      (e: Record<string, unknown>) => (e.events = 'SECRET-VALUE'),
      '/events',
      'must be of type array',
    ],
    ['no events', (e: Record<string, unknown>) => (e.events = []), '/events', 'must have at least 1 items'],
    [
      'employee_id too long',
      (e: Record<string, unknown>) => (e.employee_id = 'SECRET-VALUE'.repeat(30)),
      '/employee_id',
      'must be at most 256 characters',
    ],
    [
      'unknown hint kind',
      (e: Record<string, unknown>) => (e.identity_hints = { 'SECRET-VALUE': [] }),
      '/identity_hints',
      'must not have unknown properties',
    ],
    [
      'hint not a string',
      (e: Record<string, unknown>) => (e.identity_hints = { emails: [42] }),
      '/identity_hints/emails/0',
      'must be of type string',
    ],
  ])('%s', (_name, mutate, field, rule) => {
    const body = envelope([typical.build!()]);
    mutate(body);
    const result = validateEnvelope(body, 500);
    expect(result).toEqual({ ok: false, field, rule });
    expect(JSON.stringify(result)).not.toContain('SECRET-VALUE');
  });

  it('limits the number of events to the configured maximum', () => {
    const body = envelope(Array.from({ length: 11 }, () => typical.clipboard!()));
    expect(validateEnvelope(body, 10)).toEqual({
      ok: false,
      field: '/events',
      rule: 'must have at most 10 items',
    });
    expect(validateEnvelope(body, 11)).toMatchObject({ ok: true });
  });

  it('rejects a body that is not an object', () => {
    for (const body of [null, [], 'x', 42])
      expect(validateEnvelope(body, 500)).toMatchObject({ ok: false, field: '' });
  });
});

describe('each event is checked on its own and gets its own verdict', () => {
  it('accepts one valid event of every type', () => {
    const events = Object.values(typical).map((make) => make());
    const { valid, rejected } = validateEvents(events, RECEIVED_AT);
    expect(rejected).toEqual([]);
    expect(valid.map((v) => v.index)).toEqual(events.map((_, i) => i));
  });

  it('rejects an unknown type with unknown_event_type, without echoing the type', () => {
    const { rejected } = validateEvents(
      [event('screen_recording', { frames: 3 }), event('__proto__'), event('constructor')],
      RECEIVED_AT,
    );
    expect(rejected.map((r) => r.code)).toEqual([
      'unknown_event_type',
      'unknown_event_type',
      'unknown_event_type',
    ]);
    expect(rejected[0]!.message).toBe('type: is not a known event type');
  });

  it.each([
    ['not an object', 'SECRET', null, 'event: must be an object'],
    [
      'no type',
      { ...event('build'), type: undefined },
      'invalid_event',
      'type: is required and must be a string',
    ],
    [
      'bad event_id',
      event('clipboard', { length: 1, event_id: 'SECRET' }),
      'invalid_event',
      'event_id: must be a UUID',
    ],
    ['missing required field', event('build', { success: true }), 'invalid_event', 'tool: is required'],
    [
      'wrong field type',
      event('test_run', { framework: 'jest', passed: 'SECRET', failed: 0 }),
      'invalid_event',
      'passed: must be of type integer',
    ],
    ['negative count', event('clipboard', { length: -1 }), 'invalid_event', 'length: must be >= 0'],
    [
      'bad enum',
      event('ai_assist', { outcome: 'SECRET' }),
      'invalid_event',
      'outcome: must be one of accepted, rejected, partial',
    ],
    [
      'occurred_at without offset',
      event('clipboard', { length: 1, occurred_at: '2026-11-27T06:00:00' }),
      'invalid_event',
      'occurred_at: must be an ISO-8601 instant with offset, e.g. 2026-11-27T07:00:00.000Z',
    ],
    [
      'occurred_at on Feb 30',
      event('clipboard', { length: 1, occurred_at: '2026-02-30T06:00:00Z' }),
      'invalid_event',
      'occurred_at: must name a real date and time',
    ],
    [
      'occurred_at before 2000',
      event('clipboard', { length: 1, occurred_at: '1999-12-31T23:59:59Z' }),
      'invalid_event',
      'occurred_at: must be after 2000-01-01 and at most 24 h after receipt',
    ],
    [
      'occurred_at over a day ahead',
      event('clipboard', { length: 1, occurred_at: '2026-11-28T07:00:00.001Z' }),
      'invalid_event',
      'occurred_at: must be after 2000-01-01 and at most 24 h after receipt',
    ],
  ])('rejects %s with a message naming field and rule', (_name, raw, code, message) => {
    const { valid, rejected } = validateEvents([raw], RECEIVED_AT);
    expect(valid).toEqual([]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      index: 0,
      status: 'rejected',
      code: code ?? 'invalid_event',
      message,
    });
    expect(JSON.stringify(rejected)).not.toContain('SECRET');
  });

  it('accepts occurred_at up to 24 h ahead of receipt (skewed device clocks)', () => {
    const { valid } = validateEvents(
      [event('clipboard', { length: 1, occurred_at: '2026-11-28T07:00:00.000Z' })],
      RECEIVED_AT,
    );
    expect(valid).toHaveLength(1);
  });

  it('rejects a repeated event_id in the same batch; the first valid one wins, case-insensitively', () => {
    const a = typical.clipboard!();
    const invalidFirst = { ...typical.build!(), event_id: a.event_id, success: 'no' };
    const upper = { ...typical.clipboard!(), event_id: String(a.event_id).toUpperCase() };
    const { valid, rejected } = validateEvents([invalidFirst, a, upper], RECEIVED_AT);
    expect(valid.map((v) => v.index)).toEqual([1]);
    expect(rejected.map((r) => [r.index, r.code])).toEqual([
      [0, 'invalid_event'],
      [2, 'duplicate_in_batch'],
    ]);
    expect(rejected[1]!.event_id).toBe(upper.event_id); // echoed as sent, so the agent can match it
    expect(valid[0]!.eventId).toBe(String(a.event_id).toLowerCase());
  });

  it('gives the event_id back only when it is a well-formed UUID', () => {
    const { rejected } = validateEvents([{ type: 'nope', event_id: 'not-a-uuid' }], RECEIVED_AT);
    expect(rejected[0]!.event_id).toBeNull();
  });
});

describe('occurred_at is normalized to a UTC instant', () => {
  it.each([
    ['2026-11-27T07:00:00Z', '2026-11-27T07:00:00.000Z'],
    ['2026-11-27T07:00:00.5Z', '2026-11-27T07:00:00.500Z'],
    ['2026-11-27T07:00:00.123456789Z', '2026-11-27T07:00:00.123Z'],
    ['2026-11-27T08:30:00+01:30', '2026-11-27T07:00:00.000Z'],
    ['2026-11-26T23:00:00-08:00', '2026-11-27T07:00:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(new Date(parseInstant(input)!).toISOString()).toBe(expected);
  });

  it.each([
    '2026-13-01T00:00:00Z',
    '2027-02-29T00:00:00Z',
    '2026-11-27T24:00:00Z',
    '2026-11-27T07:00:60Z',
    '2026-11-27T07:00:00+25:00',
  ])('rejects %s', (input) => expect(parseInstant(input)).toBeNull());
});
