/**
 * The request validators are generated code (Ajv standalone), committed so that nothing compiles
 * at start-up. They must be exactly what the schema module produces today, and judge every input
 * as Ajv compiling the derived schemas at run time would.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeJsonSchema, eventJsonSchema } from '../../lib/schema/derive-json-schema.ts';
import { createDraft04Ajv } from '../../lib/schema/draft04-ajv.ts';
import { EVENT_TYPE_NAMES, type EventType } from '../../lib/schema/request.ts';
import { generateValidatorModule } from '../../lib/schema/validators/generate.ts';
import { EVENT_VALIDATORS, validateEnvelopeShape } from '../../lib/schema/validators/index.ts';
import { validEnvelope, validEvent } from '../ingest/arbitraries.ts';

const COMMITTED = new URL('../../lib/schema/validators/compiled.generated.ts', import.meta.url);

describe('the generated validators never drift from the schema module', () => {
  it('the committed module is what `npm run generate` produces from lib/schema today', () => {
    // If this fails after a schema change: run `npm run generate` and commit the result.
    expect(readFileSync(COMMITTED, 'utf8')).toBe(generateValidatorModule());
  });

  it('needs nothing at run time: no import, no require (Ajv stays out of the bundle)', () => {
    const code = readFileSync(COMMITTED, 'utf8');
    expect(code).not.toMatch(/\brequire\(/);
    expect(code).not.toMatch(/^\s*import\b/m);
  });
});

describe('they judge like the derived schemas compiled at run time', () => {
  // All errors at run time: the generated code reports the first it meets, which must be one of them.
  const ajv = createDraft04Ajv({ allErrors: true });
  const runtimeEvent = Object.fromEntries(EVENT_TYPE_NAMES.map((t) => [t, ajv.compile(eventJsonSchema(t))]));
  // The events' count is checked in code, so compare against a model without a reachable cap.
  const runtimeEnvelope = ajv.compile(envelopeJsonSchema({ maxEvents: 1_000_000 }));
  type Validator = { (d: unknown): boolean; errors?: unknown };
  const errorsOf = (v: Validator) =>
    ((v.errors as { keyword: string; instancePath: string; params: unknown }[] | null | undefined) ?? []).map(
      (e) => `${e.keyword} at ${e.instancePath} ${JSON.stringify(e.params)}`,
    );
  const expectSameJudgement = (generated: Validator, runtime: Validator, data: unknown) => {
    const ok = generated(data);
    expect(ok).toBe(runtime(data));
    if (!ok) expect(errorsOf(runtime)).toContain(errorsOf(generated)[0]);
  };
  const mutated = (type: EventType) =>
    fc.tuple(validEvent(type), fc.string({ maxLength: 12 }), fc.anything()).map(([event, key, value]) => ({
      ...event,
      [Object.keys(event)[key.length % Object.keys(event).length]!]: value,
    }));

  it('on valid and mutated events of every type', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...EVENT_TYPE_NAMES)
          .chain((t) => fc.tuple(fc.constant(t), fc.oneof(validEvent(t), mutated(t)))),
        ([type, event]) => {
          expectSameJudgement(EVENT_VALIDATORS[type], runtimeEvent[type]!, event);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('on valid and mutated envelopes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          validEnvelope(5),
          fc
            .tuple(
              validEnvelope(3),
              fc.constantFrom('employee_id', 'agent', 'events', 'identity_hints', 'device_id'),
              fc.anything(),
            )
            .map(([env, key, value]) => ({ ...env, [key]: value })),
          fc.anything(),
        ),
        (envelope) => {
          expectSameJudgement(validateEnvelopeShape, runtimeEnvelope, envelope);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
