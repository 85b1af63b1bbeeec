/**
 * What the directory finds in text (one describe per promise), the near-misses it must leave alone
 * (real code that happens to spell people's names in lower case, single name parts, hashes), and
 * properties over generated people: their identifiers never survive the scrubber.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Directory, type Person } from '../../lib/directory/index.ts';
import { createScrubber } from '../../lib/ingest/scrub/index.ts';
import { companyRoster } from '../../lib/synthetic/index.ts';
import { BENIGN } from '../scrub/fixtures/benign.ts';

const PEOPLE: Person[] = [
  {
    employeeId: 'E000123',
    name: 'Ana Silva',
    usernames: ['asilva'],
    emails: ['ana.silva@northwind-labs.com'],
  },
  { employeeId: 'E000124', name: "Seán O'Brien", usernames: ['sobrien'], emails: ['sean@obrien.example'] },
  { employeeId: 'E000125', name: 'María de la Cruz Ortega', usernames: ['mcruz'], emails: [] },
  { employeeId: '778123', name: 'Zhu', usernames: [], emails: [] },
  // People whose names are also words and identifiers in every codebase.
  { employeeId: 'E000200', name: 'Mark Price', usernames: ['mprice'], emails: ['mark@northwind-labs.com'] },
  { employeeId: 'E000201', name: 'Will Power', usernames: ['will'], emails: [] },
  { employeeId: 'E000202', name: 'Grant Page', usernames: ['gpage'], emails: [] },
  { employeeId: 'E000203', name: 'Rose Gold', usernames: ['rgold'], emails: [] },
  { employeeId: 'E000204', name: 'Max Power', usernames: ['maxp'], emails: ['info@northwind-labs.com'] },
];
const directory = Directory.build([...PEOPLE, ...companyRoster(42)]);
/** Distinct spans found, in order (a span can be both a name and a user name: `Ana.Silva`). */
const found = (text: string): string[] => {
  const out: string[] = [];
  directory.findSpans(text, (s, e) => out.push(text.slice(s, e)));
  return [...new Set(out)];
};

describe('finds full names written as names, in either order', () => {
  it.each([
    ['# on-call: Ana Silva <x>', ['Ana Silva']],
    ['ANA SILVA', ['ANA SILVA']],
    ['Silva, Ana', ['Silva, Ana']],
    ['Ana.Silva and Ana_Silva and Ana-Silva', ['Ana.Silva', 'Ana_Silva', 'Ana-Silva']],
    ["Seán O’Brien; Sean OBrien; SEAN O'BRIEN", ['Seán O’Brien', 'Sean OBrien', "SEAN O'BRIEN"]],
    ['María Ortega and Cruz Ortega; Ortega, María', ['María Ortega', 'Cruz Ortega', 'Ortega, María']],
    ['Zhu approved', ['Zhu']],
    ['reviewed by Mark Price', ['Mark Price']],
  ])('%s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('finds user names, e-mail local parts and employee ids, in any case', () => {
  it.each([
    ['cd /home/asilva/src', ['asilva']],
    ['git checkout ana.silva/fix-login', ['ana.silva']],
    ['ASilva pushed', ['ASilva']],
    ['E000123 E-000123 e_000123 e.000123', ['E000123', 'E-000123', 'e_000123', 'e.000123']],
    ['user_E000123_notes.txt', ['E000123']],
    ['badge 778123 issued', ['778123']],
  ])('%s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('leaves alone what only looks like someone', () => {
  it.each([
    'const markPrice = order.mark_price ?? 0; // mark price from the feed',
    'the node will power down when idle; will retry',
    'if (grant.page > 1) loadPage(grant.page);',
    '.btn { color: rose; } /* rose gold theme */',
    'See Also: Max Retries, Grant Access, Page Down',
    'git log --author=mark --grep=info',
    'Mark the price as final. Will Smith is not in the directory.',
    'ana silva (lower case prose is not how names are written)',
    'asilva2 and xasilva are other accounts; E0001234, E000123x and ORDER-000123 other ids',
    'sha 9e0001237af3 uuid 123e4567-e89b-12d3-a456-e00012300000',
    'De La Soul, La Cruz Verde',
  ])('%s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('a single given name or surname on its own (unless the person has only one name)', () => {
    expect(found('Ana wrote to Silva; Mark, Will, Grant, Rose and Max agreed')).toEqual([]);
  });

  it('the benign corpus (real developer text), with a directory of words-as-names loaded', () => {
    const scrubber = createScrubber();
    for (const b of BENIGN) expect(scrubber.scrub(b.text, undefined, directory).text, b.name).toBe(b.text);
  });
});

describe('properties: a directory person never survives the scrubber', () => {
  const syllable = fc.constantFrom(
    'ka',
    'lo',
    'mi',
    'zu',
    'ren',
    'ta',
    'vel',
    'qui',
    'dor',
    'sa',
    'nix',
    'bre',
  );
  const part = fc
    .array(syllable, { minLength: 2, maxLength: 4 })
    .map((s) => s.join(''))
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1));
  const person = fc.record({
    first: part,
    last: part,
    user: fc.stringMatching(/^[a-z][a-z0-9]{3,10}$/),
    id: fc.integer({ min: 100000, max: 999999 }),
  });
  const host = fc.constantFrom(
    'const total = items.reduce((a, b) => a + b.price, 0);\n',
    '# deploy notes\n',
    'SELECT id FROM users WHERE active;\n',
    '',
  );
  const scrubber = createScrubber();

  it('full name: any separator, either order, capitalised or upper case', () => {
    fc.assert(
      fc.property(
        person,
        host,
        fc.constantFrom(' ', '  ', '.', '_', '-', ', '),
        fc.boolean(),
        fc.boolean(),
        (p, h, sep, reversed, upper) => {
          const d = Directory.build([
            { employeeId: `E${p.id}`, name: `${p.first} ${p.last}`, usernames: [p.user], emails: [] },
          ]);
          let name = reversed
            ? `${p.last}${sep}${p.first}`
            : `${p.first}${sep === ', ' ? ' ' : sep}${p.last}`;
          if (upper) name = name.toUpperCase();
          const out = scrubber.scrub(`${h}// owner: ${name} (on call)\n${h}`, undefined, d).text;
          expect(out).not.toContain(name);
          // A generated name can also be a listed one (`Tami Dorsa`): then the name list's type names it.
          expect(out).toMatch(/<(IDENTITY|PERSON_NAME)>/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('user name and employee id: any case, any id separator, inside snake_case', () => {
    fc.assert(
      fc.property(person, host, fc.constantFrom('', '-', '_', '.'), (p, h, sep) => {
        const d = Directory.build([
          { employeeId: `E${p.id}`, name: `${p.first} ${p.last}`, usernames: [p.user], emails: [] },
        ]);
        const id = `E${sep}${p.id}`;
        const text = `${h}scp /home/${p.user.toUpperCase()}/x . # ticket for ${id}; see user_E${p.id}_notes\n`;
        const out = scrubber.scrub(text, undefined, d).text;
        expect(out.toLowerCase()).not.toContain(p.user);
        expect(out).not.toContain(String(p.id));
      }),
      { numRuns: 300 },
    );
  });
});
