/**
 * The request validators, generated from the schema module at build time (see generate.ts):
 * the function and the agent validate without compiling anything at start-up.
 */
import type { ErrorObject } from 'ajv';
import { EVENT_TYPE_NAMES, type EventType } from '../request.ts';
import * as compiled from './compiled.generated.ts';

/** What Ajv's generated validate functions look like: a predicate that leaves its errors on itself. */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const generated = compiled as unknown as Record<string, GeneratedValidator>;

/** The envelope, without the events' maximum count (a deployment setting, checked by the caller). */
export const validateEnvelopeShape: GeneratedValidator = generated.envelope as GeneratedValidator;

const common = generated.event_common as GeneratedValidator;

/** Checks the fields every event has, then the type's own; errors of the failing part are kept. */
function eventValidator(type: EventType): GeneratedValidator {
  const own = generated[`event_${type}`] as GeneratedValidator;
  const validate: GeneratedValidator = (data) => {
    const ok = common(data) && own(data);
    validate.errors = ok ? null : (common.errors ?? own.errors ?? null);
    return ok;
  };
  return validate;
}

/** One validator per event type: exactly the rules of `eventJsonSchema(type)`. */
export const EVENT_VALIDATORS = Object.fromEntries(
  EVENT_TYPE_NAMES.map((type) => [type, eventValidator(type)]),
) as Record<EventType, GeneratedValidator>;
