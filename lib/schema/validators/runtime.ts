/**
 * The validators compiled by Ajv when the module loads, from the same derived schemas: the
 * approach the generated code replaced. Kept (same exports as index.ts) so the benchmark can
 * measure both side by side; nothing in the product imports it.
 */
import { envelopeJsonSchema, eventJsonSchema } from '../derive-json-schema.ts';
import { createDraft04Ajv } from '../draft04-ajv.ts';
import { EVENT_TYPE_NAMES, type EventType } from '../request.ts';
import type { GeneratedValidator } from './index.ts';

const ajv = createDraft04Ajv({ allErrors: false });

export const validateEnvelopeShape: GeneratedValidator = ajv.compile(
  envelopeJsonSchema({ maxEvents: Number.MAX_SAFE_INTEGER }),
);

export const EVENT_VALIDATORS = Object.fromEntries(
  EVENT_TYPE_NAMES.map((type) => [type, ajv.compile(eventJsonSchema(type))]),
) as unknown as Record<EventType, GeneratedValidator>;
