/** Decode and recheck: percent, base64 and hex tokens are decoded one level and scanned like the text. */
import { describe, expect, it } from 'vitest';
import { forEachDecoded, WINDOW } from '../../lib/ingest/scrub/decode.ts';
import { createScrubber, prepareHints } from '../../lib/ingest/scrub/index.ts';
import { awsKeyId, ghToken, jwt } from './fixtures/gen.ts';

const scrubber = createScrubber();
const b64 = (s: string) => Buffer.from(s).toString('base64');
const hex = (s: string) => Buffer.from(s).toString('hex');

describe('percent-encoded secrets', () => {
  it('an assignment inside a query value: only the value is replaced', () => {
    const r = scrubber.scrub(
      'curl "https://api.example.com/cb?state=x&access%5Ftoken%3DQk9x7LmZ2pV8rT4wY6uN1sK3" -v',
    );
    expect(r.text).toBe('curl "https://api.example.com/cb?state=x&access%5Ftoken%3D<SECRET>" -v');
  });

  it('credentials in an encoded connection string', () => {
    const r = scrubber.scrub('DSN=postgres%3A%2F%2Fsvc%3AOrbit5951x%40db.internal%3A5432%2Fapp');
    expect(r.text).not.toContain('Orbit5951x');
    expect(r.text).not.toContain('svc%3A');
    expect(r.redactions.URI_CREDENTIALS).toBe(1);
    expect(r.text.endsWith('%3A5432%2Fapp')).toBe(true);
  });

  it('a fully percent-encoded token, and an encoded JWT', () => {
    const token = ghToken();
    const enc = [...token].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    expect(scrubber.scrub(`t=${enc}`).text).toBe('t=<GITHUB_TOKEN>');
    const j = jwt().replaceAll('.', '%2E');
    expect(scrubber.scrub(`https://app.example.com/cb?id_token=${j}`).text).toBe(
      'https://app.example.com/cb?id_token=<JWT>',
    );
  });

  it('an escaped zero-width character inside the token is dropped before detection', () => {
    const token = ghToken();
    const enc = `${token.slice(0, 8)}%E2%80%8B${token.slice(8)}`;
    expect(scrubber.scrub(`x ${enc} y`).text).toBe('x <GITHUB_TOKEN> y');
  });

  it('identity hints in an encoded URL', () => {
    const hints = prepareHints({ emails: ['ana.silva@corp.example.com'] });
    const r = scrubber.scrub('open https://wiki.example.com/q?u=ana.silva%40corp.example.com', hints);
    expect(r.text).not.toContain('ana.silva');
  });
});

describe('base64- and hex-encoded secrets', () => {
  it('base64 of a token, of an assignment and of a JWT', () => {
    const token = ghToken();
    expect(scrubber.scrub(`echo ${b64(token)} | base64 -d`).text).toBe('echo <GITHUB_TOKEN> | base64 -d');
    expect(scrubber.scrub(`data: ${b64('password=Orbit5951xyz')}`).text).toBe('data: <PASSWORD>');
    expect(scrubber.scrub(`jwt_b64 ${b64(jwt())}`).text).toBe('jwt_b64 <JWT>');
  });

  it('URL-safe base64 without padding', () => {
    const key = awsKeyId();
    const enc = Buffer.from(`key ${key}`).toString('base64url');
    expect(scrubber.scrub(`x=${enc};`).text).toBe('x=<AWS_ACCESS_KEY>;');
  });

  it('hex of a token', () => {
    const key = awsKeyId();
    expect(scrubber.scrub(`payload ${hex(key)} end`).text).toBe('payload <AWS_ACCESS_KEY> end');
  });

  it('a long encoded run is decoded in overlapping windows: a secret at any offset is found', () => {
    const key = awsKeyId();
    const filler = 'lorem ipsum dolor sit amet '.repeat(200);
    for (const at of [0, 1500, 2040, 3000, filler.length]) {
      const plain = `${filler.slice(0, at)} ${key} ${filler.slice(at)}`;
      expect(b64(plain).length).toBeGreaterThan(WINDOW);
      expect(scrubber.scrub(`blob ${b64(plain)}`).text, `offset ${at}`).toBe('blob <AWS_ACCESS_KEY>');
    }
  });
});

describe('benign encoded text is kept', () => {
  it('hashes, ids, binary base64 and encoded prose are not touched', () => {
    const texts = [
      'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'commit 3f786850e387550fdab836ed7e6dc881de23001b',
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      `echo ${b64('hello world, this is fine')} | base64 -d`,
      'https://www.google.com/search?q=how%20to%20center%20a%20div%3F',
      `integrity="sha512-${b64('x'.repeat(64)).slice(0, 86)}=="`,
    ];
    for (const t of texts) expect(scrubber.scrub(t).text).toBe(t);
  });

  it('decodes one level only: a doubly encoded value is decoded once', () => {
    const seen: string[] = [];
    forEachDecoded('x=%2541%2542', (d) => {
      seen.push(d.view.text);
      return false;
    });
    expect(seen).toEqual(['x=%41%42']);
  });
});
