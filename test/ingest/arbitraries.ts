/**
 * fast-check generators derived from the request schema (so a new field is generated without
 * touching this file) and generators of planted secrets and identifiers.
 */
import fc from 'fast-check';
import {
  COMMON_EVENT_FIELDS,
  EVENT_TYPE_NAMES,
  EVENT_TYPES,
  type EventType,
  type FieldSpec,
} from '../../lib/schema/request.ts';

const TEXT_CAP = 300;

function arbitraryFor(name: string, spec: FieldSpec): fc.Arbitrary<unknown> {
  if (spec.enum) return fc.constantFrom(...spec.enum);
  if (spec.kind === 'boolean') return fc.boolean();
  if (spec.kind === 'integer') {
    return fc.oneof(
      fc.integer({ min: Math.max(spec.minimum ?? -1e6, -1e6), max: Math.min(spec.maximum ?? 1e6, 1e6) }),
      fc.constantFrom(spec.minimum ?? 0, spec.maximum ?? 0),
    );
  }
  if (name === 'event_id') return fc.uuid();
  if (name === 'occurred_at') {
    return fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2026-11-28T06:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  }
  const maxLength = Math.min(spec.maxLength ?? TEXT_CAP, TEXT_CAP);
  return fc.string({ minLength: spec.required ? 1 : 0, maxLength, unit: 'binary' });
}

/** A schema-valid event of the given type with arbitrary values; optional fields sometimes absent. */
export function validEvent(type: EventType): fc.Arbitrary<Record<string, unknown>> {
  const { type: _t, ...common } = COMMON_EVENT_FIELDS;
  const specs: Record<string, FieldSpec> = { ...common, ...EVENT_TYPES[type].fields };
  const required: Record<string, fc.Arbitrary<unknown>> = {};
  const optional: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, spec] of Object.entries(specs))
    (spec.required ? required : optional)[name] = arbitraryFor(name, spec);
  return fc
    .record({ ...required, ...optional }, { requiredKeys: Object.keys(required) })
    .map((fields) => ({ ...fields, type }));
}

export const anyValidEvent = fc.constantFrom(...EVENT_TYPE_NAMES).chain(validEvent);

/** A valid envelope with 1..n valid events (distinct ids by construction of uuids, nearly always). */
export const validEnvelope = (maxEvents = 20) =>
  fc.record({
    employee_id: fc.string({ minLength: 1, maxLength: 40 }),
    device_id: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
    agent: fc.record({
      name: fc.string({ minLength: 1, maxLength: 20 }),
      version: fc.string({ minLength: 1, maxLength: 20 }),
      os: fc.constantFrom('macos', 'linux', 'windows'),
    }),
    events: fc.array(anyValidEvent, { minLength: 1, maxLength: maxEvents }),
  });

// ---- planted values: each long and distinctive, so finding it in output is never a coincidence ----

const upperB32 = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
  minLength: 16,
  maxLength: 16,
});
const alnum = (n: number) =>
  fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
    minLength: n,
    maxLength: n,
  });
const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const lower = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: min, maxLength: max });

/** Secrets the scrubber must recognize by format. */
export const plantedSecret: fc.Arbitrary<string> = fc.oneof(
  upperB32.map((s) => `AKIA${s}`),
  alnum(36).map((s) => `ghp_${s}`),
  fc.tuple(digits(12), digits(13), alnum(24)).map(([a, b, c]) => `xoxb-${a}-${b}-${c}`),
  fc.tuple(lower(5, 12), lower(4, 10)).map(([user, dom]) => `${user}.${dom}@mail-${dom}.com`),
  alnum(40).map((s) => `sk_live_${s}`),
);

/** How a secret is planted in each kind of text that may be kept. */
export const plantedIn = {
  diff: (s: string) => `@@ -1 +1 @@\n-const token = process.env.TOKEN;\n+const token = "${s}";\n`,
  command: (s: string) => `curl -s https://api.example.com/v1 --header "X-Token: ${s}"`,
  diagnostics: (s: string) => `Error: request failed for ${s}\n    at main (src/index.ts:3:7)`,
  path: (s: string) => `/Users/zed/work/app/config/${s}/settings.json`,
  url: (s: string) => `https://example.org/reset?token=${encodeURIComponent(s)}&u=1`,
  title: (s: string) => `Inbox (3) - ${s} - Mail`,
};
