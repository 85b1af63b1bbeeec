/** Identity hints: case-insensitive, word-bounded, bounded in number and size, safe with hostile input. */
import { describe, expect, it } from 'vitest';
import { createScrubber, prepareHints } from '../../lib/ingest/scrub/index.ts';

const s = createScrubber();

describe('identity hints', () => {
  const hints = prepareHints({ usernames: ['mbauer'], emails: ['max.bauer@firma.de'], names: ['Max Bauer'] });

  it('matches case-insensitively and word-bounded', () => {
    const r = s.scrub('MBauer fixed it; see mbauer/feature and mbauerlein (other person)', hints);
    expect(r.text).toBe('<IDENTITY> fixed it; see <IDENTITY>/feature and mbauerlein (other person)');
  });

  it('matches full names with flexible separators and reversed order, capitalized parts only', () => {
    const r = s.scrub('Max Bauer, max_bauer, Bauer, Max; Bauer said; bauer is a word; Max retries', hints);
    expect(r.text).toBe(
      '<IDENTITY>, <IDENTITY>, <IDENTITY>; <IDENTITY> said; bauer is a word; <IDENTITY> retries',
    );
  });

  it('uses the e-mail local part', () => {
    expect(s.scrub('branch max.bauer/fix', hints).text).toBe('branch <IDENTITY>/fix');
  });

  it('ignores generic accounts, short and non-string hints', () => {
    const h = prepareHints({ usernames: ['root', 'ab', 42 as unknown as string], names: ['Li'] });
    expect(s.scrub('root ab 42 Li', h).text).toBe('root ab 42 Li');
    expect(s.scrub('x', prepareHints(undefined)).text).toBe('x');
  });

  it('escapes regex syntax and survives hostile hints', () => {
    const h = prepareHints({
      usernames: ['a+b', '(((', '.*', 'x\ud800y', 'é'.repeat(500)],
      names: ['[Bob] (Jr.)'],
    });
    expect(s.scrub('a+b said (((', h).text).toBe('<IDENTITY> said (((');
    expect(s.scrub('aaab', h).text).toBe('aaab');
  });

  it('bounds the number of hints', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `user${i}x`);
    const h = prepareHints({ usernames: many });
    expect(s.scrub('user0x user999x', h).text).toBe('<IDENTITY> user999x');
  });
});
