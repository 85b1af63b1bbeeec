/**
 * Full names without a context cue, by the name list: positives, the near-misses real code and
 * docs produced (words and product names that are also given names), and a property over names drawn
 * from the lists (their files are kept current by test/bundled-data).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBundledLines } from '../../lib/bundled-data/read.ts';
import { createScrubber } from '../../lib/ingest/scrub/index.ts';

const scrubber = createScrubber();

describe('a common given name followed by a family name is a person', () => {
  it.each([
    ['# on-call: Jane Doe, then Michael Johnson', '# on-call: <PERSON_NAME>, then <PERSON_NAME>'],
    ['thanks to Sarah O’Connor and Emily Smith-Jones', 'thanks to <PERSON_NAME> and <PERSON_NAME>'],
    ['signed: David K. Miller', 'signed: <PERSON_NAME>'],
    ['Dear Jane Doe,', 'Dear <PERSON_NAME>,'],
    ['"customer": "Laura Fischer"', '"customer": "<PERSON_NAME>"'],
  ])('%s', (text, expected) => {
    expect(scrubber.scrub(text).text).toBe(expected);
  });
});

describe('leaves the near-misses real code and docs are full of', () => {
  it.each([
    'Ray Trace, Athena Query, Base Class, See Session, My Stage, Job Code, Cross Stack, Free Space',
    'North America, Grant Access, Will Return, Max Retries, Mark Down, Rose Gold, Chase Bank',
    'Julia Set, Ruby Gems, Alexa Skill, Cassandra Cluster, Polly Voice, Hugo Theme, Read File',
    'const p = obj.Mark Price; // member access, not a name',
    'Michael johnson (lower case), MICHAEL JOHNSON (upper case), Michael_Johnson (an identifier)',
    'class JaneDoe extends Person {}',
  ])('%s', (text) => {
    expect(scrubber.scrub(text).text).toBe(text);
  });

  it('a name in a home folder stays the path detector’s', () => {
    expect(scrubber.scrub('C:/Users/Maria Lopez/Documents/notes.txt').text).toBe(
      'C:/Users/<HOME_USER>/Documents/notes.txt',
    );
  });
});

describe('property: a listed given name + a listed family name never survives', () => {
  const given = readBundledLines('given-names.txt.gz');
  const family = [
    'smith',
    'johnson',
    'garcia',
    'nguyen',
    'kowalski',
    'okafor',
    'schmidt',
    'rossi',
    'tanaka',
    'silva',
  ];
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  it('in any benign host text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...given),
        fc.constantFrom(...family),
        fc.constantFrom('// reviewed by ', '# owner: ', 'assignee = "', 'Hi ', ''),
        (g, f, before) => {
          const name = `${cap(g)} ${cap(f)}`;
          const out = scrubber.scrub(`${before}${name} (see ticket)`).text;
          expect(out).not.toContain(name);
        },
      ),
      { numRuns: 400 },
    );
  });
});
