/**
 * The function's data files: each committed file holds what `npm run generate` builds from the
 * pinned packages today, and each is read where the code expects it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_DATA_FILES, bundledDataSourceDir } from '../../lib/bundled-data/files.ts';
import { bundledDataContents, decodeBundledData } from '../../lib/bundled-data/generate.ts';
import { readBundledBytes, readBundledLines } from '../../lib/bundled-data/read.ts';

describe('the bundled data files never drift from their packages', () => {
  const contents = bundledDataContents();
  it.each(BUNDLED_DATA_FILES)(
    '%s is what `npm run generate` makes (run it after changing a list)',
    (name) => {
      const committed = decodeBundledData(name, readFileSync(join(bundledDataSourceDir(), name)));
      expect(Buffer.compare(Buffer.from(committed), Buffer.from(contents[name]))).toBe(0);
    },
  );
});

describe('the files the detectors and the domain lookup read', () => {
  it('the given names: thousands of lower-case names, one per line, no empty line', () => {
    const names = readBundledLines('given-names.txt.gz');
    expect(names.length).toBeGreaterThan(4000);
    expect(names).toEqual(expect.arrayContaining(['jane', 'michael', 'sarah']));
    expect(names.every((n) => /^[a-z][a-z'-]+$/.test(n))).toBe(true);
  });

  it('the family-name filter: about 10 bits per name, not all set', () => {
    const bits = readBundledBytes('family-names.bloom');
    expect(bits.length).toBeGreaterThan(30_000);
    const set = bits.reduce((n, byte) => n + byte.toString(2).replace(/0/g, '').length, 0);
    expect(set / (bits.length * 8)).toBeGreaterThan(0.4);
    expect(set / (bits.length * 8)).toBeLessThan(0.6);
  });

  it('the public suffixes: thousands of rules in the list syntax, with wildcards and exceptions', () => {
    const rules = readBundledLines('public-suffixes.txt.gz');
    expect(rules.length).toBeGreaterThan(5000);
    expect(rules).toEqual(expect.arrayContaining(['com', 'co.uk', '*.ck', '!www.ck']));
    expect(rules.every((r) => /^!?[^\s!]+$/.test(r))).toBe(true);
  });
});
