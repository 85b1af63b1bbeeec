/** Normalise, detect, map back: detectors read NFKC text without invisible characters; the original span is replaced. */
import { describe, expect, it } from 'vitest';
import { createScrubber, prepareHints } from '../../lib/ingest/scrub/index.ts';
import { isNormal, normalise } from '../../lib/ingest/scrub/normalise.ts';
import { toSource } from '../../lib/ingest/scrub/view.ts';
import { awsKeyId, ghToken } from './fixtures/gen.ts';

const scrubber = createScrubber();

/** Inserts `ch` after every `step` characters of `s`. */
const sprinkle = (s: string, ch: string, step = 3): string =>
  s.replace(new RegExp(`(.{${step}})`, 'g'), `$1${ch}`);

/** Full-width forms of printable ASCII (U+FF01–U+FF5E). */
const fullWidth = (s: string): string =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('the view detectors read', () => {
  it('is the text itself for ASCII and for already-normal text (no copy, no map)', () => {
    for (const t of ['plain ascii', 'Ingrid Bergström', '日本語のテキスト', '']) {
      const v = normalise(t);
      expect(v.text).toBe(t);
      expect(v.starts).toBeNull();
      expect(isNormal(t)).toBe(true);
    }
  });

  it('drops zero-width, bidi and other default-ignorable characters', () => {
    const t = 'a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf\u202Eg\u2066h\u00ADi\u180Ej\uFE0Fk';
    expect(normalise(t).text).toBe('abcdefghijk');
  });

  it('applies NFKC: full-width, ligatures, compatibility digits, composed accents', () => {
    expect(normalise('ＡＫＩＡ１２３').text).toBe('AKIA123');
    expect(normalise('ﬁle').text).toBe('file');
    expect(normalise('e\u0301').text).toBe('é');
    expect(normalise('²').text).toBe('2');
  });

  it('maps every view span back to the original characters it came from', () => {
    const t = 'x ＡＢ\u200BＣ y';
    const v = normalise(t);
    expect(v.text).toBe('x ABC y');
    const at = v.text.indexOf('ABC');
    const [s, e] = toSource(v, at, at + 3);
    expect(t.slice(s, e)).toBe('ＡＢ\u200BＣ');
  });

  it('maps a span inside an expansion to the whole original character', () => {
    const t = 'a ﬁ b';
    const v = normalise(t);
    const i = v.text.indexOf('i');
    expect(toSource(v, i, i + 1)).toEqual([2, 3]);
  });
});

describe('secrets hidden by invisible or compatibility characters are replaced in the original', () => {
  it('zero-width characters inside a token', () => {
    const token = ghToken();
    const hidden = sprinkle(token, '\u200B');
    const r = scrubber.scrub(`export GH_TOKEN=${hidden} # ci`);
    expect(r.text).toBe('export GH_TOKEN=<GITHUB_TOKEN> # ci');
    expect(r.redactions).toEqual({ GITHUB_TOKEN: 1 });
  });

  it('bidi controls and soft hyphens inside an access key id', () => {
    const key = awsKeyId();
    const hidden = `${key.slice(0, 4)}\u202E${key.slice(4, 10)}\u00AD${key.slice(10)}`;
    expect(scrubber.scrub(`key=${hidden}`).text).toBe('key=<AWS_ACCESS_KEY>');
  });

  it('full-width characters', () => {
    const key = awsKeyId();
    const r = scrubber.scrub(`id: ${fullWidth(key)}`);
    expect(r.text).toBe('id: <AWS_ACCESS_KEY>');
  });

  it('an e-mail address with a zero-width joiner in it', () => {
    const r = scrubber.scrub('ping ana.silva@exam\u200Dple.com today');
    expect(r.text).toBe('ping <EMAIL> today');
  });

  it('identity hints are found through zero-width characters too (the same view serves every pass)', () => {
    // Names no name list knows, so only the hints can find them.
    const hints = prepareHints({ names: ['Zyxa Quorvin'], usernames: ['zquorvin'] });
    const r = scrubber.scrub('# owner: Zyxa\u200BQuorvin, login z\u200Bquorvin', hints);
    expect(r.text).toBe('# owner: <IDENTITY>, login <IDENTITY>');
  });

  it('keeps the characters around a finding as they were, invisible ones included', () => {
    const r = scrubber.scrub(`ＴＯＫＥＮ→ ${ghToken()} ←\u200B done`);
    expect(r.text).toBe('ＴＯＫＥＮ→ <GITHUB_TOKEN> ←\u200B done');
  });
});
