/**
 * Identity classes that used to get through: the sender's own id in other shapes, hints past the
 * 16th, home folders deeper than the root. Positives with their benign near-misses from real code
 * (the shared benign corpus stays as it is), and a property over generated ids and home folders.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScrubber, HINT_LIMITS, prepareHints } from '../../lib/ingest/scrub/index.ts';
import { requestHints } from '../../lib/ingest/scrub-fields.ts';
import { homeUserName, storablePath } from '../../lib/ingest/transform.ts';
import { REQUEST_LIMITS } from '../../lib/schema/request.ts';

const scrubber = createScrubber();

describe("the sender's own id in other shapes", () => {
  const hints = prepareHints({ ids: ['E000123', 'dev-3fa9c0e1b2d4'] });
  it.each([
    ['ticket E000123', 'ticket <IDENTITY>'],
    ['E-000123 / e_000123 / E.000123 / E 000123', '<IDENTITY> / <IDENTITY> / <IDENTITY> / <IDENTITY>'],
    ['open user_E000123_notes.md', 'open user_<IDENTITY>_notes.md'],
    ['device dev-3fa9c0e1b2d4 enrolled', 'device <IDENTITY> enrolled'],
  ])('%s', (text, expected) => {
    expect(scrubber.scrub(text, hints).text).toBe(expected);
  });

  it.each([
    'E0001234 is another id; XE000123 too',
    'commit 9e0001237af3c2 and uuid e0001230-1111-4000-8000-000000000000',
    'E000 123 is not the same id',
  ])('leaves near-misses: %s', (text) => {
    expect(scrubber.scrub(text, hints).text).toBe(text);
  });

  it('property: an id of letters and digits never survives, whatever single separator joins its groups', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z]{1,3}$/),
        fc.integer({ min: 1000, max: 99_999_999 }),
        fc.constantFrom('', '-', '_', '.', ' '),
        fc.constantFrom('', 'user_', 'ref ', '('),
        (prefix, n, sep, before) => {
          const id = `${prefix}${n}`;
          const out = scrubber.scrub(`${before}${prefix}${sep}${n}_notes`, prepareHints({ ids: [id] })).text;
          expect(out).not.toContain(String(n));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('every hint the schema allows counts, and certain identifiers keep their own slots', () => {
  const many = (prefix: string) =>
    Array.from(
      { length: REQUEST_LIMITS.maxHintsPerKind },
      (_, i) => `${prefix}${String(i).padStart(2, '0')}x`,
    );

  it(`takes ${REQUEST_LIMITS.maxHintsPerKind} hints per kind (the 17th to 20th used to be ignored)`, () => {
    expect(HINT_LIMITS.perKind).toBe(REQUEST_LIMITS.maxHintsPerKind);
    const h = prepareHints({ usernames: many('user'), emails: many('mail').map((m) => `${m}@acme.io`) });
    expect(scrubber.scrub('user16x user19x mail19x', h).text).toBe('<IDENTITY> <IDENTITY> <IDENTITY>');
  });

  it('the employee id, the device id and home-folder names survive a batch that sends 20 user names', () => {
    const h = requestHints({
      identityHints: { usernames: many('alias'), emails: [], names: [] },
      employeeIds: ['E000123'],
      deviceId: 'mbp-ana-7781',
      homeUserNames: ['ana.silva', 'asilva'],
    });
    expect(scrubber.scrub('E-000123 mbp-ana-7781 ana.silva asilva alias19x', h).text).toBe(
      '<IDENTITY> <IDENTITY> <IDENTITY> <IDENTITY> <IDENTITY>',
    );
  });
});

describe('home-folder hints are bounded', () => {
  it('only the first HINT_LIMITS.homeUsers distinct home-folder names of a batch are hints', () => {
    const names = ['qzhome1', 'qzhome2', 'qzhome2', 'qzhome3', 'qzhome4', 'qzhome5', 'qzhome6'];
    expect(HINT_LIMITS.homeUsers).toBe(4);
    const h = requestHints({
      identityHints: undefined,
      employeeIds: [],
      deviceId: undefined,
      homeUserNames: names,
    });
    expect(scrubber.scrub('qzhome1 qzhome4 qzhome5 qzhome6', h).text).toBe(
      '<IDENTITY> <IDENTITY> qzhome5 qzhome6',
    );
  });
});

describe('home folders deeper than the root', () => {
  it.each([
    ['/System/Volumes/Data/Users/asilva/src/app.ts', '/System/Volumes/Data/Users/<HOME_USER>/src/app.ts'],
    ['/Volumes/Macintosh HD/Users/asilva/x', '/Volumes/Macintosh HD/Users/<HOME_USER>/x'],
    ['/Volumes/External/Users/ana.silva/Downloads', '/Volumes/External/Users/<HOME_USER>/Downloads'],
    ['scp /home2/asilva/notes.txt .', 'scp /home2/<HOME_USER>/notes.txt .'],
    ['/usr/home/asilva/.profile', '/usr/home/<HOME_USER>/.profile'],
  ])('%s', (text, expected) => {
    expect(scrubber.scrub(text).text).toBe(expected);
  });

  it.each([
    'src/components/Users/UserList.tsx',
    'GET /api/v1/Users/42/home/settings',
    '/opt/homebrew/bin/node',
    '/Volumes/Data/Shared/report.pdf',
    '/home2/runner/work/app',
  ])('leaves near-misses: %s', (text) => {
    expect(scrubber.scrub(text).text).toBe(text);
  });

  it('are made relative to ~ and give their user name as a hint, like /Users/x', () => {
    expect(storablePath('/System/Volumes/Data/Users/asilva/src/a.ts', undefined)).toBe('~/src/a.ts');
    expect(storablePath('/Volumes/Macintosh HD/Users/asilva/a.ts', undefined)).toBe('~/a.ts');
    expect(storablePath('/home2/asilva/a.ts', undefined)).toBe('~/a.ts');
    expect(homeUserName('/System/Volumes/Data/Users/asilva/src')).toBe('asilva');
    expect(homeUserName('/Volumes/Backup/Users/ana.silva')).toBe('ana.silva');
    expect(homeUserName('/home10/asilva')).toBe('asilva');
  });

  it('property: a generated user name in any of these homes never survives', () => {
    fc.assert(
      fc.property(
        fc
          .stringMatching(/^[a-z][a-z0-9._-]{2,15}$/)
          .filter((u) => !/^(runner|node|root|user|admin|shared|public|app|build|builder)$/.test(u)),
        fc.constantFrom(
          '/System/Volumes/Data/Users/',
          '/Volumes/Disk 2/Users/',
          '/home2/',
          '/home/',
          '/Users/',
        ),
        (user, home) => {
          const out = scrubber.scrub(`cat ${home}${user}/notes.txt`).text;
          expect(out).toBe(`cat ${home}<HOME_USER>/notes.txt`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
