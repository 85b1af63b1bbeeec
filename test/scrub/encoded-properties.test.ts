/**
 * Property: a generated secret or personal value, hidden by invisible characters, full-width
 * forms, percent-encoding, base64 or hex, is never stored. Checked through the real ingest core
 * (validate → policy → pseudonymize → scrub → deliver, Firehose mocked) on the bytes it sends to
 * Firehose, in every free-text field the policy keeps.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { envelope, typical } from '../ingest/fixtures.ts';
import { pipeline, resetAws, sentText } from '../ingest/pipeline.ts';
import {
  benignText,
  binaryEncoded,
  fullWidth,
  INVISIBLES,
  percentEncoded,
  plant,
  plantedAny,
  withInvisibles,
} from './generators.ts';

beforeEach(resetAws);

/** An event carrying `text` in a free-text field the policy keeps (command, diff or diagnostics). */
const carrier = fc.constantFrom(
  (text: string) => ({ ...typical.terminal_command!(), command: text }),
  (text: string) => ({ ...typical.file_edit!(), diff: text }),
  (text: string) => ({ ...typical.build!(), diagnostics: text }),
);

const stripInvisibles = (s: string) => INVISIBLES.reduce((t, ch) => t.replaceAll(ch, ''), s);

/**
 * Sends `hidden` (the encoded form of `value`) planted in benign text, and checks that neither
 * form, nor the value with invisible characters removed, is in what reached Firehose.
 */
async function neverStored(
  value: string,
  hidden: string,
  host: string,
  at: number,
  make: (t: string) => object,
) {
  resetAws();
  const res = await pipeline().send(envelope([make(plant(host, hidden, at))]));
  expect([200, 207]).toContain(res.statusCode);
  const stored = sentText();
  expect(stored.length).toBeGreaterThan(0);
  expect(stored).not.toContain(hidden);
  expect(stored).not.toContain(value);
  expect(stripInvisibles(stored)).not.toContain(value);
}

const RUNS = 120;

/** Each disguise: a generated value and its disguised form. */
const DISGUISES: ReadonlyArray<[string, fc.Arbitrary<{ value: string; hidden: string }>]> = [
  [
    'with zero-width, bidi or other invisible characters inserted',
    plantedAny.chain((p) => withInvisibles(p.value).map((hidden) => ({ value: p.value, hidden }))),
  ],
  ['in full-width characters', plantedAny.map((p) => ({ value: p.value, hidden: fullWidth(p.value) }))],
  [
    'percent-encoded',
    plantedAny.chain((p) => percentEncoded(p.value).map((hidden) => ({ value: p.value, hidden }))),
  ],
  [
    'base64-encoded (standard or URL-safe) or hex-encoded',
    plantedAny.chain((p) => binaryEncoded(p.value).map((hidden) => ({ value: p.value, hidden }))),
  ],
];

describe('encoded secrets never reach storage', () => {
  for (const [name, disguised] of DISGUISES) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(disguised, benignText, fc.nat(), carrier, async (p, host, at, make) =>
          neverStored(p.value, p.hidden, host, at, make),
        ),
        { numRuns: RUNS },
      );
    });
  }
});
