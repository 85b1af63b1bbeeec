/** Local event validation against the same derived JSON Schemas the API uses. */
import { EVENT_TYPES, type EventType } from '../schema/request.ts';
import { EVENT_VALIDATORS } from '../schema/validators/index.ts';

/** An event the API would certainly reject; the message names the field and rule, never the value. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  constructor(
    message: string,
    readonly code: 'invalid_event' | 'unknown_event_type' | 'too_large',
  ) {
    super(message);
  }
}

/** Throws InvalidEventError unless `event` is a valid event of a known type. */
export function assertValidEvent(event: unknown): void {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidEventError('event must be an object', 'invalid_event');
  }
  const type = (event as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(EVENT_TYPES, type)) {
    throw new InvalidEventError('type is not a known event type', 'unknown_event_type');
  }
  const validate = EVENT_VALIDATORS[type as EventType];
  if (!validate(event)) {
    const err = validate.errors?.[0];
    // instancePath and keyword name the field and the rule; ajv's message may quote allowed values, not input.
    throw new InvalidEventError(
      `${type}${err?.instancePath || ''}: fails ${err?.keyword ?? 'schema'}${err?.keyword === 'required' ? ` (${String((err.params as { missingProperty?: string }).missingProperty)})` : ''}`,
      'invalid_event',
    );
  }
}
