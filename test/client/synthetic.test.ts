import AjvModule from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import {
  EVENT_TYPE_NAMES,
  type EventType,
  envelopeJsonSchema,
  eventJsonSchema,
  REQUEST_LIMITS,
} from '../../lib/schema/index.ts';
import {
  collectTraffic,
  generateTraffic,
  luhnValid,
  realisticBatch,
  toEnvelope,
} from '../../lib/synthetic/index.ts';

// ajv-draft-04 is CommonJS; its class is both `module.exports` and `.default`.
const Ajv04 = AjvModule.default;
const ajv = new Ajv04({ allErrors: true, strict: false });
const validators = Object.fromEntries(EVENT_TYPE_NAMES.map((t) => [t, ajv.compile(eventJsonSchema(t))]));
const validateEnvelope = ajv.compile(envelopeJsonSchema());

const small = { seed: 'test-seed', employees: 4, days: 3 } as const;

describe('synthetic traffic', () => {
  const run = collectTraffic(small);
  const events = run.batches.flatMap((b) => b.events);

  it('produces events of every type, each valid against its JSON Schema', () => {
    expect(events.length).toBeGreaterThan(500);
    const seen = new Set<string>();
    for (const e of events) {
      const type: EventType = e.type;
      const validate = validators[type]!;
      if (!validate(e)) throw new Error(`${type} invalid: ${JSON.stringify(validate.errors)}`);
      seen.add(type);
    }
    expect([...seen].sort()).toEqual([...EVENT_TYPE_NAMES].sort());
  });

  it('makes envelopes within the request limits, with unique event ids', () => {
    const ids = new Set<string>();
    for (const b of run.batches) {
      const env = toEnvelope(b);
      expect(validateEnvelope(env), JSON.stringify(validateEnvelope.errors)).toBe(true);
      expect(env.events.length).toBeLessThanOrEqual(REQUEST_LIMITS.maxEvents);
      expect(Buffer.byteLength(JSON.stringify(env))).toBeLessThanOrEqual(REQUEST_LIMITS.maxBodyBytes);
      for (const e of env.events) ids.add(e.event_id);
    }
    expect(ids.size).toBe(events.length);
  });

  it('is reproducible with the same seed and differs with another', () => {
    const again = collectTraffic(small);
    expect(JSON.stringify(again.batches.map(toEnvelope))).toBe(JSON.stringify(run.batches.map(toEnvelope)));
    expect([...again.planted]).toEqual([...run.planted]);
    const other = collectTraffic({ ...small, seed: 'other-seed' });
    expect(other.batches[0]!.events[0]!.event_id).not.toBe(run.batches[0]!.events[0]!.event_id);
  });

  it('generates lazily and re-iterates identically', () => {
    const t = generateTraffic(small);
    expect(t.planted.size).toBe(0);
    const first = t.batches[Symbol.iterator]().next().value!;
    expect(first.events).toEqual(run.batches[0]!.events);
    expect([...t.batches].length).toBe(run.batches.length);
    expect(t.planted).toEqual(run.planted);
  });

  it('plants about plantRate of events, and every planted string is in the events it was planted in', () => {
    const own = new Set(run.employees.map((e) => e.username));
    for (const b of run.batches) {
      const text = JSON.stringify(b.events);
      for (const p of b.planted)
        expect(text.includes(JSON.stringify(p.value).slice(1, -1)), p.kind).toBe(true);
    }
    const planted = [...run.planted].filter((v) => !own.has(v));
    const carrying = events.filter((e) => {
      const text = JSON.stringify(e);
      return planted.some((v) => text.includes(JSON.stringify(v).slice(1, -1)));
    }).length;
    const rate = carrying / events.length;
    expect(rate).toBeGreaterThan(0.03);
    expect(rate).toBeLessThan(0.08);
    const kinds = new Set(run.plantedKinds.values());
    for (const k of [
      'aws_access_key',
      'github_token',
      'jwt',
      'email',
      'ssn',
      'card',
      'iban',
      'ip',
      'own_username',
    ])
      expect(kinds).toContain(k);
    // The planted strings are the real shapes: cards pass Luhn.
    for (const [v, k] of run.plantedKinds)
      if (k === 'card') expect(luhnValid(v.replace(/[ -]/g, ''))).toBe(true);
  });

  it('plants nothing with plantRate 0 except the home-directory user name', () => {
    const clean = collectTraffic({ ...small, plantRate: 0 });
    expect(new Set(clean.plantedKinds.values())).toEqual(new Set(['own_username']));
  });

  it('realisticBatch is one valid, deterministic, mixed envelope of the asked size', () => {
    const env = realisticBatch(7);
    expect(env.events).toHaveLength(500);
    expect(validateEnvelope(env)).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(env))).toBeLessThanOrEqual(REQUEST_LIMITS.maxBodyBytes);
    expect(new Set(env.events.map((e) => e.type)).size).toBeGreaterThanOrEqual(7);
    expect(JSON.stringify(realisticBatch(7, 50))).toBe(JSON.stringify(realisticBatch(7, 50)));
    expect(realisticBatch(7, 50).events).toHaveLength(50);
  });
});
