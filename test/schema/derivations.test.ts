import { describe, expect, it } from 'vitest';
import {
  COMMON_EVENT_FIELDS,
  createDraft04Ajv,
  duckdbColumns,
  EVENT_COLUMNS,
  EVENT_TYPE_NAMES,
  EVENT_TYPES,
  envelopeJsonSchema,
  eventJsonSchema,
  glueColumns,
  gluePartitionKeys,
  PARTITION_COLUMNS,
  REQUEST_LIMITS,
  type StoredRow,
  storedRowJsonSchema,
} from '../../lib/schema/index.ts';
import { storedRow } from '../support/stored-row.ts';

const ajv = createDraft04Ajv({ allErrors: true });

describe('one schema, many views', () => {
  it('Glue columns are the stored columns, in order, with their docs as comments', () => {
    expect(glueColumns().map((c) => [c.name, c.type, c.comment])).toEqual(
      EVENT_COLUMNS.map((c) => [c.name, c.type, c.doc]),
    );
    expect(gluePartitionKeys()).toEqual([{ name: 'dt', type: 'string', comment: PARTITION_COLUMNS[0].doc }]);
  });

  it('DuckDB columns are the stored columns with a type for every Glue type', () => {
    const duck = duckdbColumns();
    expect(duck.map((c) => c.name)).toEqual(EVENT_COLUMNS.map((c) => c.name));
    for (const c of duck)
      expect(c.type).toMatch(/^(VARCHAR|TIMESTAMP|BIGINT|INTEGER|BOOLEAN|MAP\(VARCHAR, (BIGINT|INTEGER)\))$/);
  });

  it('the stored-row JSON Schema requires exactly the stored columns and nothing else', () => {
    const schema = storedRowJsonSchema();
    expect(Object.keys(schema.properties as object)).toEqual(EVENT_COLUMNS.map((c) => c.name));
    expect(schema.required).toEqual(EVENT_COLUMNS.map((c) => c.name));
    expect(schema.additionalProperties).toBe(false);
  });

  it('column names are Glue-safe: lower snake case, unique', () => {
    const names = [...EVENT_COLUMNS, ...PARTITION_COLUMNS].map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('every derived JSON Schema compiles as draft-04', () => {
    expect(() => ajv.compile(envelopeJsonSchema())).not.toThrow();
    expect(() => ajv.compile(storedRowJsonSchema())).not.toThrow();
    for (const t of EVENT_TYPE_NAMES) expect(() => ajv.compile(eventJsonSchema(t))).not.toThrow();
  });
});

describe('the request envelope schema', () => {
  const validate = ajv.compile(envelopeJsonSchema());
  const envelope = {
    employee_id: 'e-1',
    agent: { name: 'agent', version: '1.0.0', os: 'linux' },
    events: [{ anything: true }],
  };

  it('accepts a minimal envelope and leaves event contents to the per-event schemas', () => {
    expect(validate(envelope)).toBe(true);
  });

  it('rejects a missing agent, an empty batch and a batch over the limit', () => {
    expect(validate({ ...envelope, agent: undefined })).toBe(false);
    expect(validate({ ...envelope, events: [] })).toBe(false);
    const tooMany = Array.from({ length: REQUEST_LIMITS.maxEvents + 1 }, () => ({}));
    expect(validate({ ...envelope, events: tooMany })).toBe(false);
  });

  it('honours a configured event limit', () => {
    const small = ajv.compile(envelopeJsonSchema({ maxEvents: 2 }));
    expect(small({ ...envelope, events: [{}, {}, {}] })).toBe(false);
  });
});

describe('the per-event schemas', () => {
  it('require the common fields and each type’s required fields', () => {
    for (const t of EVENT_TYPE_NAMES) {
      const schema = eventJsonSchema(t);
      const required = schema.required as string[];
      for (const [name, spec] of Object.entries({ ...COMMON_EVENT_FIELDS, ...EVENT_TYPES[t].fields })) {
        expect(required.includes(name), `${t}.${name}`).toBe(spec.required === true);
      }
    }
  });

  it('pin the type, so a window_focus event cannot pass as a file_edit', () => {
    const validate = ajv.compile(eventJsonSchema('file_edit'));
    const base = {
      event_id: '7f1c1a52-3c1e-4a8e-9d55-0c4a1f0b2e11',
      occurred_at: '2026-11-27T07:00:00.123Z',
      session_id: 's',
      path: 'src/a.ts',
    };
    expect(validate({ ...base, type: 'file_edit' })).toBe(true);
    expect(validate({ ...base, type: 'window_focus' })).toBe(false);
    expect(validate({ ...base, type: 'file_edit', event_id: 'not-a-uuid' })).toBe(false);
    expect(validate({ ...base, type: 'file_edit', occurred_at: 'yesterday' })).toBe(false);
  });
});

describe('the TypeScript row type', () => {
  it('is derived from the columns: a row with every column type-checks', () => {
    const row: StoredRow = storedRow();
    expect(ajv.validate(storedRowJsonSchema(), row)).toBe(true);
  });
});
