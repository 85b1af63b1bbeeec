/**
 * Step 1 of an event's path: is the request a well-formed envelope, and is each event a
 * well-formed event of a known type? Validators are derived from the schema module (draft-04,
 * the dialect API Gateway speaks, so the gateway and the function agree on every rule).
 */
import type { ErrorObject } from 'ajv';
import type { EventVerdict } from '../api/contract.ts';
import { EVENT_TYPES, type EventType, type RequestEnvelope, type RequestEvent } from '../schema/request.ts';
import { EVENT_VALIDATORS, validateEnvelopeShape } from '../schema/validators/index.ts';

/** Earliest accepted `occurred_at`: older clocks are broken, not historic. */
export const OCCURRED_AT_MIN = Date.UTC(2000, 0, 1);
/** Latest accepted `occurred_at`, relative to receipt: tolerates skewed device clocks, not absurd ones. */
export const OCCURRED_AT_MAX_AHEAD_MS = 24 * 60 * 60 * 1000;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;
// Path segments that come from the schema (field names, array indexes); anything else is data and is masked.
const SAFE_SEGMENT = /^(?:[a-z_][a-z0-9_]{0,63}|\d{1,6})$/;

/** Epoch milliseconds of an ISO-8601 instant with offset, or null when it names no real instant (e.g. Feb 30). */
export function parseInstant(text: string): number | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)));
  // Date.UTC rolls Feb 30 over into March: a real date survives the round trip.
  if (new Date(local).getUTCDate() !== d) return null;
  if (m[8] === undefined) return local;
  const oh = Number(m[9]);
  const om = Number(m[10]);
  if (oh > 23 || om > 59) return null;
  const offset = (oh * 60 + om) * 60_000;
  return m[8] === '+' ? local - offset : local + offset;
}

export interface Problem {
  /** JSON Pointer-like path of the offending field, e.g. /agent/version. */
  readonly field: string;
  /** The rule it breaks, in words; never the value. */
  readonly rule: string;
}

function pointer(path: string): string {
  if (path === '') return '';
  return path
    .split('/')
    .slice(1)
    .map((seg) => (SAFE_SEGMENT.test(seg) ? seg : '*'))
    .map((seg) => `/${seg}`)
    .join('');
}

function describe(err: ErrorObject | undefined): Problem {
  if (!err) return { field: '', rule: 'is invalid' };
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'required':
      return { field: pointer(`${err.instancePath}/${String(p.missingProperty)}`), rule: 'is required' };
    case 'type':
      return { field: pointer(err.instancePath), rule: `must be of type ${String(p.type)}` };
    case 'minLength':
      return { field: pointer(err.instancePath), rule: 'must not be empty' };
    case 'maxLength':
      return { field: pointer(err.instancePath), rule: `must be at most ${String(p.limit)} characters` };
    case 'minimum':
    case 'maximum':
      return { field: pointer(err.instancePath), rule: `must be ${String(p.comparison)} ${String(p.limit)}` };
    case 'minItems':
      return { field: pointer(err.instancePath), rule: `must have at least ${String(p.limit)} items` };
    case 'maxItems':
      return { field: pointer(err.instancePath), rule: `must have at most ${String(p.limit)} items` };
    case 'enum':
      return {
        field: pointer(err.instancePath),
        rule: `must be one of ${(p.allowedValues as unknown[]).join(', ')}`,
      };
    case 'pattern':
      return {
        field: pointer(err.instancePath),
        rule: PATTERN_RULES[err.instancePath] ?? 'has the wrong format',
      };
    case 'additionalProperties':
      return { field: pointer(err.instancePath), rule: 'must not have unknown properties' };
    default:
      return { field: pointer(err.instancePath), rule: `breaks the rule ${err.keyword}` };
  }
}

const PATTERN_RULES: Record<string, string> = {
  '/event_id': 'must be a UUID',
  '/occurred_at': 'must be an ISO-8601 instant with offset, e.g. 2026-11-27T07:00:00.000Z',
};

export type EnvelopeResult = { ok: true; envelope: RequestEnvelope } | ({ ok: false } & Problem);

/** The envelope: a failure here is a 400 for the whole request. Events are only checked to be objects. */
export function validateEnvelope(body: unknown, maxEvents: number): EnvelopeResult {
  if (!validateEnvelopeShape(body)) return { ok: false, ...describe(validateEnvelopeShape.errors?.[0]) };
  const envelope = body as RequestEnvelope;
  // The count is a deployment setting, so it is not baked into the generated validator.
  if (envelope.events.length > maxEvents) {
    return { ok: false, field: '/events', rule: `must have at most ${maxEvents} items` };
  }
  return { ok: true, envelope };
}

/** A valid event, with its position in the request and its normalized instant. */
export interface ValidEvent {
  readonly index: number;
  readonly event: RequestEvent;
  /** Lower-cased, so that retries de-duplicate at query time whatever the client's casing. */
  readonly eventId: string;
  readonly occurredAt: number;
}

export interface EventsResult {
  readonly valid: ValidEvent[];
  /** Verdicts of rejected events, in request order. */
  readonly rejected: EventVerdict[];
}

const reject = (
  index: number,
  eventId: string | null,
  code: NonNullable<EventVerdict['code']>,
  message: string,
): EventVerdict => ({ index, event_id: eventId, status: 'rejected', code, message });

/**
 * Each event on its own: known type, that type's schema, a real instant within bounds, and an
 * event_id not already used in this batch (the first valid one wins). A bad event is rejected
 * alone and costs the rest of the batch nothing.
 */
export function validateEvents(events: readonly unknown[], receivedAt: Date): EventsResult {
  const valid: ValidEvent[] = [];
  const rejected: EventVerdict[] = [];
  const seen = new Set<string>();
  const latest = receivedAt.getTime() + OCCURRED_AT_MAX_AHEAD_MS;

  events.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      rejected.push(reject(index, null, 'invalid_event', 'event: must be an object'));
      return;
    }
    const record = raw as Record<string, unknown>;
    const rawId = record.event_id;
    const eventId = typeof rawId === 'string' && UUID.test(rawId) ? rawId : null;
    const type = record.type;
    if (typeof type !== 'string') {
      rejected.push(reject(index, eventId, 'invalid_event', 'type: is required and must be a string'));
      return;
    }
    if (!Object.hasOwn(EVENT_TYPES, type)) {
      rejected.push(reject(index, eventId, 'unknown_event_type', 'type: is not a known event type'));
      return;
    }
    const validate = EVENT_VALIDATORS[type as EventType];
    if (!validate(raw)) {
      const problem = describe(validate.errors?.[0]);
      rejected.push(
        reject(index, eventId, 'invalid_event', `${problem.field.slice(1) || 'event'}: ${problem.rule}`),
      );
      return;
    }
    const event = raw as RequestEvent;
    const occurredAt = parseInstant(event.occurred_at);
    if (occurredAt === null) {
      rejected.push(reject(index, eventId, 'invalid_event', 'occurred_at: must name a real date and time'));
      return;
    }
    if (occurredAt < OCCURRED_AT_MIN || occurredAt > latest) {
      rejected.push(
        reject(
          index,
          eventId,
          'invalid_event',
          'occurred_at: must be after 2000-01-01 and at most 24 h after receipt',
        ),
      );
      return;
    }
    const id = event.event_id.toLowerCase();
    if (seen.has(id)) {
      rejected.push(
        reject(index, eventId, 'duplicate_in_batch', 'event_id: is used by an earlier event in this batch'),
      );
      return;
    }
    seen.add(id);
    valid.push({ index, event, eventId: id, occurredAt });
  });
  return { valid, rejected };
}
