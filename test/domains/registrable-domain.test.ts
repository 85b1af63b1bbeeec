/**
 * The registrable domain from the shipped suffix rules answers exactly as tldts-icann (the pinned
 * package the rules come from) does: for every rule, under and around it, and for URLs of every
 * shape the agents send.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { getEmptyResult, parseImpl } from 'tldts-core';
import { describe, expect, it } from 'vitest';
import { readBundledLines } from '../../lib/bundled-data/read.ts';
import { suffixLookupFor } from '../../lib/domains/public-suffixes.ts';
import { getRegistrableDomain } from '../../lib/domains/registrable-domain.ts';

/**
 * tldts-icann's own suffix lookup, run under the tldts-core the function ships. tldts-icann's main
 * entry inlines an older tldts-core whose host parsing differs (it rejects `a.com\\`, where 7.5
 * reads `\\` as a path separator as URLs do); the host parsing is tldts-core's in both, so only
 * the suffix rules are under test here.
 */
const icannSuffixLookup = createRequire(import.meta.url)('tldts-icann/dist/cjs/src/suffix-trie.js')
  .default as Parameters<typeof parseImpl>[2];
const DOMAIN_STEP = 3;
const reference = (url: string) =>
  parseImpl(url, DOMAIN_STEP, icannSuffixLookup, { allowPrivateDomains: false }, getEmptyResult()).domain;
const RULES = readBundledLines('public-suffixes.txt.gz');

/** Hosts at and around a rule: the rule itself, one and two labels under it, a wildcard filled in. */
function hostsAround(rule: string): string[] {
  const bare = rule.replace(/^!/, '');
  const filled = bare.replace(/\*/g, 'w1');
  const parent = bare.split('.').slice(1).join('.');
  return [
    filled,
    `a.${filled}`,
    `b.a.${filled}`,
    `www.${filled}`,
    `city.${filled}`,
    parent && `x.${parent}`,
  ].filter((h) => h !== '');
}

describe('the same registrable domain as tldts-icann', () => {
  it(`for hosts at, under and beside each of the ${RULES.length} rules`, () => {
    const differences: string[] = [];
    for (const rule of RULES) {
      for (const host of hostsAround(rule)) {
        const ours = getRegistrableDomain(host);
        if (ours !== reference(host)) differences.push(`${host}: ${ours} ≠ ${reference(host)}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it.each([
    ['https://mail.google.com/mail/u/0/#inbox', 'google.com'],
    ['https://a.b.example.co.uk:8443/x?y=1', 'example.co.uk'],
    ['http://www.ck/', 'www.ck'],
    ['http://foo.city.kawasaki.jp', 'city.kawasaki.jp'],
    ['http://foo.bar.kawasaki.jp', 'foo.bar.kawasaki.jp'],
    ['https://user:pw@intranet.corp.example.org/path', 'example.org'],
    ['https://someone.github.io/project', 'github.io'],
    ['http://192.168.0.1:8080/', null],
    ['http://[::1]/', null],
    ['http://localhost:3000/', null],
    ['file:///Users/jane/notes.txt', null],
    ['example.com/path/only', 'example.com'],
    ['HTTPS://WWW.EXAMPLE.COM/', 'example.com'],
    ['https://xn--80ak6aa92e.com/', 'xn--80ak6aa92e.com'],
    ['https://app.unknown-tld-zzz/', 'app.unknown-tld-zzz'],
    ['not a url at all', null],
    // A backslash ends the host, as in a browser's URL parser (fast-check found the old reference disagreeing).
    ['https://www.example.com\\evil.org/', 'example.com'],
    ['0.0\\', '0.0'],
  ])('%s → %s (as tldts-icann says)', (url, domain) => {
    expect(getRegistrableDomain(url)).toBe(domain);
    expect(getRegistrableDomain(url)).toBe(reference(url));
  });

  it('for arbitrary URLs and host-like strings', () => {
    const label = fc.stringMatching(/^[a-z0-9*-]{1,12}$/);
    const suffix = fc.constantFrom(...RULES.map((r) => r.replace(/^!/, '')), 'com', 'internal', 'local');
    const host = fc.tuple(fc.array(label, { maxLength: 3 }), suffix).map(([ls, s]) => [...ls, s].join('.'));
    const url = fc.oneof(
      host,
      host.map((h) => `https://${h}/p`),
      fc.webUrl(),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(url, (u) => {
        expect(getRegistrableDomain(u)).toBe(reference(u));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('walks the rules as tldts does, for shapes today’s list does not have', () => {
  // A label's own edge wins over `*` and the walk never goes back: under `*.foo` and `a.b.foo`,
  // `c.b.foo` follows `b` (no rule) and stops, so `foo` is the suffix.
  const lookup = suffixLookupFor(['foo', '*.foo', 'a.b.foo', '!keep.x.foo']);
  const suffixOf = (host: string) => {
    const out = { isIcann: null, isPrivate: null, publicSuffix: null as string | null };
    lookup(host, { allowIcannDomains: true, allowPrivateDomains: false }, out);
    return out.publicSuffix;
  };
  it.each([
    ['c.b.foo', 'foo'],
    ['z.a.b.foo', 'a.b.foo'],
    ['c.d.foo', 'd.foo'],
    ['keep.x.foo', 'x.foo'],
    ['www.keep.x.foo', 'x.foo'],
    ['host.unknown', 'unknown'],
  ])('%s has the suffix %s', (host, suffix) => expect(suffixOf(host)).toBe(suffix));
});
