/** Truncation at maxBytes: UTF-8 boundary, flagged, and no partial secret at the cut. */
import { describe, expect, it } from 'vitest';
import { createScrubber } from '../../lib/ingest/scrub/index.ts';
import { ALNUM, awsKeyId, ghToken, pemBody, rand } from './fixtures/gen.ts';

describe('truncation', () => {
  it('keeps short text whole and unflagged', () => {
    const r = createScrubber().scrub('const x = 1;\n');
    expect(r).toEqual({ text: 'const x = 1;\n', truncated: false, redactions: {}, failed: false });
  });

  it('cuts over-long text at a UTF-8 character boundary and flags it', () => {
    const s = createScrubber({ maxBytes: 1000 });
    const text = '😀é'.repeat(400); // 6 bytes per pair
    const r = s.scrub(text);
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(r.text, 'utf8')).toBeLessThanOrEqual(1000);
    expect(r.text).toBe(text.slice(0, r.text.length));
    expect(r.text.includes('\ufffd')).toBe(false);
    expect(Buffer.from(r.text, 'utf8').toString('utf8')).toBe(r.text); // no lone surrogate
  });

  it('replaces a secret straddling the cut whole, at every cut offset', () => {
    const token = ghToken();
    const key = awsKeyId();
    for (const secret of [token, key]) {
      for (let offset = -5; offset <= secret.length + 5; offset++) {
        const maxBytes = 200;
        const pad = 'x'.repeat(maxBytes - offset - 1);
        const text = `${pad} ${secret} tail`;
        const r = createScrubber({ maxBytes }).scrub(text);
        expect(r.truncated).toBe(text.length > maxBytes);
        // No prefix of the secret (beyond its fixed public prefix) survives.
        for (let n = 5; n <= secret.length; n++) expect(r.text).not.toContain(secret.slice(0, n));
        expect(Buffer.byteLength(r.text, 'utf8')).toBeLessThanOrEqual(maxBytes);
      }
    }
  });

  it('replaces a private key block cut in the middle', () => {
    const body = pemBody(20);
    const text = `${'y'.repeat(100)}\n-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\nmore`;
    const r = createScrubber({ maxBytes: 400 }).scrub(text);
    expect(r.truncated).toBe(true);
    expect(r.text).toContain('<PRIVATE_KEY>');
    expect(r.text).not.toContain(body.slice(0, 16));
  });

  it('never cuts through a placeholder and never exceeds the cap after expansion', () => {
    // `1.2.3.4`-like values expand when replaced; the output must still fit.
    const text = Array.from({ length: 200 }, (_, i) => `8.8.${i % 250}.${(i * 7) % 250}`).join(' ');
    const r = createScrubber({ maxBytes: text.length }).scrub(text);
    expect(Buffer.byteLength(r.text, 'utf8')).toBeLessThanOrEqual(text.length);
    expect(r.text.endsWith('<IP_ADDRESS>') || r.text.endsWith(' ')).toBe(true);
    expect(r.truncated).toBe(true);
    const placeholders = r.text.match(/<IP_ADDRESS>/g)?.length ?? 0;
    expect(r.redactions.IP_ADDRESS).toBe(placeholders);
  });

  it('maxBytes can be lifted (benchmarks) and rejects nonsense', () => {
    const big = `${rand(ALNUM, 10)} `.repeat(20_000);
    expect(createScrubber({ maxBytes: Number.POSITIVE_INFINITY }).scrub(big).truncated).toBe(false);
    expect(() => createScrubber({ maxBytes: 0 })).toThrow(RangeError);
  });
});
