import { type ColumnType, EVENT_COLUMNS } from './columns.ts';
import {
  AGENT_FIELDS,
  COMMON_EVENT_FIELDS,
  ENVELOPE_FIELDS,
  EVENT_TYPES,
  type EventType,
  type FieldSpec,
  IDENTITY_HINT_KINDS,
  REQUEST_LIMITS,
} from './request.ts';

/** A draft-04 JSON Schema object (API Gateway REST models speak draft-04). */
export type JsonSchema = { [key: string]: unknown };

export const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

export interface EnvelopeLimits {
  /** Most events in one request. @default 500 */
  readonly maxEvents: number;
}

function fieldSchema(spec: FieldSpec): JsonSchema {
  const schema: JsonSchema = { type: spec.kind, description: spec.doc };
  if (spec.maxLength !== undefined) schema.maxLength = spec.maxLength;
  if (spec.minimum !== undefined) schema.minimum = spec.minimum;
  if (spec.maximum !== undefined) schema.maximum = spec.maximum;
  if (spec.enum !== undefined) schema.enum = [...spec.enum];
  if (spec.pattern !== undefined) schema.pattern = spec.pattern;
  if (spec.kind === 'string' && spec.required) schema.minLength = 1;
  return schema;
}

function objectSchema(fields: Record<string, FieldSpec>, extra: JsonSchema = {}): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, spec] of Object.entries(fields)) properties[name] = fieldSchema(spec);
  const required = Object.entries(fields)
    .filter(([, spec]) => spec.required)
    .map(([name]) => name);
  return { type: 'object', properties, ...(required.length ? { required } : {}), ...extra };
}

/**
 * The request envelope: what API Gateway validates before the function runs, and what
 * the function checks first (a failure here is a 400 for the whole request). Events are
 * only required to be objects here, so that one bad event is rejected on its own by
 * `eventJsonSchema` and loses nothing else in the batch.
 */
export function envelopeJsonSchema(limits: EnvelopeLimits = REQUEST_LIMITS): JsonSchema {
  const hints: Record<string, JsonSchema> = {};
  for (const kind of IDENTITY_HINT_KINDS) {
    hints[kind] = {
      type: 'array',
      maxItems: REQUEST_LIMITS.maxHintsPerKind,
      items: { type: 'string', minLength: 1, maxLength: REQUEST_LIMITS.maxIdentifierLength },
    };
  }
  const envelope = objectSchema(ENVELOPE_FIELDS);
  return {
    $schema: DRAFT_04,
    title: 'ActivityEventBatch',
    ...envelope,
    properties: {
      ...(envelope.properties as Record<string, JsonSchema>),
      identity_hints: {
        type: 'object',
        description: 'Identifiers of the contributor to scrub from kept text; never stored.',
        properties: hints,
        additionalProperties: false,
      },
      agent: objectSchema(AGENT_FIELDS),
      events: { type: 'array', minItems: 1, maxItems: limits.maxEvents, items: { type: 'object' } },
    },
    required: [...((envelope.required as string[] | undefined) ?? []), 'agent', 'events'],
  };
}

/** One event of a given type: common fields plus the type's own. Unknown fields are allowed and dropped by the content policy. */
export function eventJsonSchema(type: EventType): JsonSchema {
  const common = { ...COMMON_EVENT_FIELDS, type: { ...COMMON_EVENT_FIELDS.type, enum: [type] } };
  return { $schema: DRAFT_04, title: type, ...objectSchema({ ...common, ...EVENT_TYPES[type].fields }) };
}

/**
 * The same rules as `eventJsonSchema`, split in two parts whose conjunction is equivalent: the
 * fields every event has, and what one type adds (its `type` value and its own fields). Generated
 * code checks the common fields once instead of once per type (a smaller function bundle).
 */
export function commonEventJsonSchema(): JsonSchema {
  return { $schema: DRAFT_04, title: 'event', ...objectSchema(COMMON_EVENT_FIELDS) };
}
export function eventTypeFieldsJsonSchema(type: EventType): JsonSchema {
  const typeField = { ...COMMON_EVENT_FIELDS.type, enum: [type] };
  return {
    $schema: DRAFT_04,
    title: type,
    ...objectSchema({ type: typeField, ...EVENT_TYPES[type].fields }),
  };
}

function columnValueSchema(type: ColumnType): JsonSchema {
  switch (type) {
    case 'string':
      return { type: 'string' };
    case 'timestamp':
      // The OpenX JSON SerDe reads yyyy-MM-dd'T'HH:mm:ss.SSS'Z'.
      return { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$' };
    case 'bigint':
      return { type: 'integer', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };
    case 'int':
      return { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
    case 'boolean':
      return { type: 'boolean' };
    case 'map<string,bigint>':
      return { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } };
    case 'map<string,int>':
      return { type: 'object', additionalProperties: { type: 'integer', minimum: 0, maximum: 2147483647 } };
  }
}

/** A Firehose-ready row: keys are exactly the Glue columns; optional columns may be null. */
export function storedRowJsonSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const col of EVENT_COLUMNS) {
    const value = columnValueSchema(col.type);
    properties[col.name] = col.required ? value : { anyOf: [value, { type: 'null' }] };
  }
  return {
    $schema: DRAFT_04,
    title: 'StoredEventRow',
    type: 'object',
    properties,
    required: EVENT_COLUMNS.map((c) => c.name),
    additionalProperties: false,
  };
}
