/** Property tests: planted values never survive; scrub never throws; scrubbing is idempotent. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScrubber, PLACEHOLDER_TYPES, prepareHints } from '../../lib/ingest/scrub/index.ts';
import { benignText, email, plant, planted } from './generators.ts';

const scrubber = createScrubber({ internalDomains: ['corp.example.com'] });

describe('properties', () => {
  it('planted secrets and PII never survive, anywhere in benign text', () => {
    fc.assert(
      fc.property(
        benignText,
        fc.array(planted, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        (host, values, at) => {
          let text = host;
          values.forEach((v, i) => {
            text = plant(text, v.value, at + i * 7);
          });
          const out = scrubber.scrub(text).text;
          for (const v of values) expect(out, v.kind).not.toContain(v.value);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('hinted identities never survive', () => {
    fc.assert(
      fc.property(
        benignText,
        fc.stringMatching(/^[a-z][a-z0-9]{3,12}$/).map((u) => `zq${u}`),
        email,
        fc.nat(),
        (host, user, mail, at) => {
          const hints = prepareHints({ usernames: [user], emails: [mail] });
          const text = plant(
            plant(host, `/home/${user}/x`, at),
            `by ${user.toUpperCase()} (${mail})`,
            at + 3,
          );
          const out = scrubber.scrub(text, hints).text.toLowerCase();
          expect(out).not.toContain(user);
          expect(out).not.toContain(mail);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary strings (surrogates, NUL, long lines) and respects the cap', () => {
    const small = createScrubber({ maxBytes: 4096 });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 3000 }),
          fc.string({ unit: 'grapheme', maxLength: 2000 }),
          fc.string({
            unit: fc.constantFrom(
              'a',
              '@',
              '.',
              '-',
              ':',
              '/',
              '=',
              '\0',
              '\ud800',
              '\udc00',
              ' ',
              '1',
              'A',
              '+',
              '_',
              '<',
              '>',
            ),
            maxLength: 6000,
          }),
        ),
        (s) => {
          const r = small.scrub(s);
          expect(typeof r.text).toBe('string');
          expect(Buffer.byteLength(r.text, 'utf8')).toBeLessThanOrEqual(4096);
          for (const k of Object.keys(r.redactions)) expect(PLACEHOLDER_TYPES).toContain(k);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('is idempotent: scrubbing scrubbed text changes nothing', () => {
    const hints = prepareHints({ usernames: ['jsmith'], names: ['Jane Smith'] });
    fc.assert(
      fc.property(
        fc.oneof(
          benignText,
          fc
            .tuple(benignText, fc.array(planted, { maxLength: 3 }), fc.nat())
            .map(([h, vs, at]) => vs.reduce((t, v, i) => plant(t, v.value, at + i), h)),
          fc.string({
            unit: fc.constantFrom(
              'a',
              '@',
              '.',
              '-',
              ':',
              '/',
              '=',
              '1',
              'A',
              '+',
              '_',
              '<',
              '>',
              ' ',
              'x',
              'k',
              'e',
              'y',
            ),
            maxLength: 400,
          }),
        ),
        (text) => {
          const once = scrubber.scrub(text, hints);
          const twice = scrubber.scrub(once.text, hints);
          expect(twice.text).toBe(once.text);
          expect(twice.redactions).toEqual({});
        },
      ),
      { numRuns: 600 },
    );
  });
});
