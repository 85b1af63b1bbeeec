/**
 * The generator shrinks Ajv's standalone code (one `fail` helper for every error site, no schema
 * constants, no error counter). The result must judge and report exactly as Ajv's own code does,
 * and the generator must refuse code whose shape it does not know rather than rewrite it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPE_NAMES } from '../../lib/schema/request.ts';
import {
  compactStandaloneCode,
  eventExport,
  standaloneValidatorCode,
  validatorModule,
} from '../../lib/schema/validators/generate.ts';
import { validEnvelope, validEvent } from '../ingest/arbitraries.ts';

const COMMITTED = new URL('../../lib/schema/validators/compiled.generated.ts', import.meta.url);

type Validator = { (data: unknown): boolean; errors?: unknown };
type Validators = Record<string, Validator>;

describe('every error site goes through the helper', () => {
  it('the committed module assigns errors only in `fail` and on success', () => {
    const raw = standaloneValidatorCode();
    const code = readFileSync(COMMITTED, 'utf8');
    const sites = raw.match(/\.errors = \[\{/g)?.length ?? 0;
    expect(sites).toBeGreaterThan(200);
    expect(code.match(/\breturn fail\(validate\d+,/g)).toHaveLength(sites);
    expect(code.match(/\.errors = \[/g)).toHaveLength(1); // the helper's own
    expect(code).not.toMatch(/\bschema\d+ = |\b_errs\d|\bvErrors\b|\brootData\b/);
  });
});

describe('the compacted code judges and reports exactly as Ajv wrote it', () => {
  let dir: string;
  let ajvs: Validators;
  let compacted: Validators;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'validators-compact-'));
    const load = async (name: string, body: string) => {
      const file = join(dir, `${name}.mjs`);
      writeFileSync(file, validatorModule(body));
      return (await import(pathToFileURL(file).href)) as Validators;
    };
    const raw = standaloneValidatorCode();
    ajvs = await load('ajv', raw);
    compacted = await load('compacted', compactStandaloneCode(raw));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const expectSame = (name: string, data: unknown) => {
    const a = ajvs[name]!;
    const b = compacted[name]!;
    expect(b(data)).toBe(a(data));
    expect(b.errors).toStrictEqual(a.errors);
  };
  const exportsOf = ['envelope', 'event_common', ...EVENT_TYPE_NAMES.map(eventExport)];

  it('on valid, mutated and arbitrary data, for every export', () => {
    const event = fc
      .constantFrom(...EVENT_TYPE_NAMES)
      .chain(validEvent)
      .chain((e) =>
        fc.oneof(
          fc.constant(e),
          fc.tuple(fc.nat(), fc.anything()).map(([i, value]) => {
            const keys = Object.keys(e);
            return { ...e, [keys[i % keys.length]!]: value };
          }),
          fc.tuple(fc.nat(), fc.string({ minLength: 257, maxLength: 300 })).map(([i, value]) => {
            const keys = Object.keys(e);
            return { ...e, [keys[i % keys.length]!]: value };
          }),
        ),
      );
    const envelope = fc.oneof(
      validEnvelope(3),
      fc
        .tuple(
          validEnvelope(2),
          fc.constantFrom('employee_id', 'agent', 'events', 'identity_hints'),
          fc.anything(),
        )
        .map(([env, key, value]) => ({ ...env, [key]: value })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...exportsOf), fc.oneof(event, envelope, fc.anything()), (name, data) =>
        expectSame(name, data),
      ),
      { numRuns: 4000 },
    );
  });

  it('on every field of valid events and envelopes replaced by a probe of each kind, or left out', () => {
    // Deterministic, and reaches every error site except those behind an enum that already
    // decides the value (e.g. maxLength on `type`): 181 of 210 today.
    const PROBES: unknown[] = [
      ...[null, true, 0, -1, -(2 ** 60), 1.5, 2 ** 60, [], ['a'], Array(21).fill('a'), {}, { zz: 1 }],
      ...['', 'x', 'x'.repeat(41), 'x'.repeat(65), 'x'.repeat(257), 'x'.repeat(1_048_577)],
    ];
    function* variants(base: unknown): Generator<unknown> {
      yield* PROBES;
      if (base === null || typeof base !== 'object') return;
      const entries = Object.entries(base);
      const rebuild = (pairs: [string, unknown][]) =>
        Array.isArray(base) ? pairs.map(([, v]) => v) : Object.fromEntries(pairs);
      yield rebuild([...entries, ['zz_unknown', 1]]);
      for (const [key, value] of entries) {
        yield rebuild(entries.filter(([k]) => k !== key));
        for (const v of variants(value)) yield rebuild(entries.map(([k, old]) => [k, k === key ? v : old]));
      }
    }
    // One event per type with every optional field (fields are independent, so a union is valid).
    const bases: unknown[] = EVENT_TYPE_NAMES.map((t) =>
      Object.assign({}, ...fc.sample(validEvent(t), { numRuns: 40, seed: 1 })),
    );
    const [envelope] = fc.sample(validEnvelope(1), { numRuns: 1, seed: 1 });
    bases.push({
      ...envelope,
      device_id: 'd',
      identity_hints: { usernames: ['a'], emails: ['b'], names: ['c'] },
    });
    for (const base of bases) {
      for (const data of [base, ...variants(base)]) for (const name of exportsOf) expectSame(name, data);
    }
  });

  it('an enum error hands out the same allowedValues array every time, as the schema did', () => {
    const wrong = { type: 'nope', outcome: 'x' };
    const allowed = (v: Validator) => {
      v(wrong);
      return (v.errors as { params: { allowedValues: unknown } }[])[0]!.params.allowedValues;
    };
    const name = eventExport('ai_assist');
    expect(allowed(compacted[name]!)).toBe(allowed(compacted[name]!));
    expect(allowed(compacted[name]!)).toStrictEqual(allowed(ajvs[name]!));
  });
});

describe('the generator refuses shapes it does not know', () => {
  const SIGNATURE = '{instancePath="", parentData, parentDataProperty, rootData=data}={}';
  const validator = (check: string, extra = '') =>
    `"use strict";export const v = validate1;${extra}function validate1(data, ${SIGNATURE}){let vErrors = null;let errors = 0;if(errors === 0){${check}}validate1.errors = vErrors;return errors === 0;}`;
  const site = (error = '{instancePath,keyword:"type",params:{type: "string"}}') =>
    `if(typeof data !== "string"){validate1.errors = [${error}];return false;}`;

  it('rewrites the known shape', () => {
    const out = compactStandaloneCode(validator(site()));
    expect(out).toContain(
      'function validate1(data, {instancePath=""}={}){if(true){if(typeof data !== "string"){return fail(validate1,instancePath,kw_type,{type: "string"});}}validate1.errors = null;return true;}',
    );
    expect(out).toContain('const kw_type = "type";');
  });

  it('leaves text inside strings alone', () => {
    const text = JSON.stringify(
      `validate1.errors = [${'{instancePath,keyword:"type",params:{}}'}];return false;`,
    );
    const out = compactStandaloneCode(validator(`${site()}if(data === ${text}){data = 1;}`));
    expect(out).toContain(`if(data === ${text})`);
  });

  it('throws on an error object with another property', () => {
    expect(() =>
      compactStandaloneCode(
        validator(site('{instancePath,keyword:"type",params:{type: "string"},message:"x"}')),
      ),
    ).toThrow(/error site/);
  });

  it('throws on params with a nested object', () => {
    expect(() =>
      compactStandaloneCode(validator(site('{instancePath,keyword:"type",params:{type: {a: 1}}}'))),
    ).toThrow(/error site/);
  });

  it('throws on an error site that is the body of an if without braces', () => {
    const unbraced =
      'if(typeof data !== "string")validate1.errors = [{instancePath,keyword:"type",params:{}}];return false;';
    expect(() => compactStandaloneCode(validator(unbraced))).toThrow(/error site/);
  });

  it('throws when the error counter changes (allErrors) or is read another way', () => {
    expect(() => compactStandaloneCode(validator(`${site()}errors++;`))).toThrow(/error counter/);
    expect(() => compactStandaloneCode(validator(`${site()}if(!(errors === 0)){data = 1;}`))).toThrow(
      /error counter/,
    );
  });

  it('throws when a schema is used other than for a value inside it', () => {
    const schema = 'const schema2 = {"enum":["a"]};';
    const uses = (expr: string) => validator(`if(data !== "a"){data = ${expr};}`, schema);
    expect(compactStandaloneCode(uses('schema2.enum'))).toContain('const schema2_enum = ["a"];');
    expect(() => compactStandaloneCode(uses('schema2'))).toThrow(/schema/);
    expect(() => compactStandaloneCode(uses('schema2.enum.length'))).toThrow(/schema2.enum.length/);
    expect(() => compactStandaloneCode(uses('schema2.missing'))).toThrow(/does not resolve/);
  });

  it('throws on code it cannot read safely: other string kinds, comments, rootData', () => {
    expect(() => compactStandaloneCode(validator(`${site()}data = 'x';`))).toThrow(/literal or comment/);
    expect(() => compactStandaloneCode(validator(`${site()}/* a */`))).toThrow(/literal or comment/);
    expect(() => compactStandaloneCode(validator(`${site()}data = rootData;`))).toThrow(/rootData/);
  });
});
