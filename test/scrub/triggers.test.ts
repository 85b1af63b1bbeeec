/**
 * The trigger pass is every detector's prefilter, so its answers must be exact: a literal is
 * reported present exactly when the text holds it, and the candidate runs it finds for decoding
 * are exactly those the string-level rule finds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateRuns } from '../../lib/ingest/scrub/decode.ts';
import '../../lib/ingest/scrub/index.ts'; // registers every detector's literals
import { registeredLiterals, Triggers } from '../../lib/ingest/scrub/triggers.ts';

const LITERALS = registeredLiterals();

/** Text built from pieces of the registered literals, their case variants and separators: dense in near-hits. */
const literalSoup = fc
  .array(
    fc.oneof(
      fc.constantFrom(...LITERALS.map((l) => l.literal)).chain((l) =>
        fc.tuple(fc.nat({ max: l.length }), fc.nat({ max: l.length }), fc.boolean()).map(([a, b, up]) => {
          const piece = l.slice(Math.min(a, b), Math.max(a, b) + 1);
          return up ? piece.toUpperCase() : piece;
        }),
      ),
      fc.constantFrom(' ', '\n', '_', '-', '.', '=', ':', 'x', '7', 'é', 'İ', '\u200B'),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

const scan = (text: string) => new Triggers(text, () => text.toLowerCase());

describe('trigger answers are exact', () => {
  it('has(id) is true exactly when the text contains the literal (ignoring case when registered so)', () => {
    fc.assert(
      fc.property(literalSoup, (text) => {
        const t = scan(text);
        const lower = text.toLowerCase();
        for (const { id, literal, caseInsensitive } of LITERALS) {
          const expected = caseInsensitive ? lower.includes(literal) : text.includes(literal);
          expect(t.has(id), JSON.stringify({ literal, text })).toBe(expected);
        }
      }),
      { numRuns: 250 },
    );
  });

  it('presentLiterals() lists exactly the case-sensitive multi-character literals present, once each', () => {
    fc.assert(
      fc.property(literalSoup, (text) => {
        const t = scan(text);
        const listed = [...t.presentLiterals()];
        const sensitive = (id: number) => !LITERALS[id]!.caseInsensitive;
        const expected = LITERALS.filter((l) => l.literal.length > 1 && t.has(l.id)).map((l) => l.id);
        expect(new Set(listed.filter(sensitive))).toEqual(new Set(expected.filter(sensitive)));
        // Case-insensitive ones: present, though those matching only through `İ`/`K` may be missing.
        for (const id of listed) expect(t.has(id)).toBe(true);
        expect(listed.length).toBe(new Set(listed).size);
      }),
      { numRuns: 300 },
    );
  });
});

describe('candidate runs for decoding', () => {
  const runText = fc
    .array(
      fc.oneof(
        fc.string({ unit: fc.constantFrom(...'ABCDIJZafgz0189+/_-'.split('')), maxLength: 40 }),
        fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'.split('')), maxLength: 40 }),
        fc.constantFrom(' ', '=', '==', '.', ':', '\n', '"'),
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join(''));

  it('the trigger pass finds the same runs as the string rule (ASCII text)', () => {
    fc.assert(
      fc.property(runText, (text) => {
        expect([...scan(text).encodedRuns()]).toEqual([...candidateRuns(text)]);
      }),
      { numRuns: 500 },
    );
  });
});
