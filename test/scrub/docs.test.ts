/** The documented list of placeholder types is the code's list: no type missing, none invented. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_TYPES } from '../../lib/ingest/scrub/index.ts';

const doc = readFileSync(join(import.meta.dirname, '../../docs/privacy-model.md'), 'utf8');
const table = doc.slice(doc.indexOf('### What the scrubber replaces'), doc.indexOf('## Who can do what'));

describe('docs/privacy-model.md lists the placeholder types', () => {
  it('names every type of lib/ingest/scrub/types.ts', () => {
    for (const type of PLACEHOLDER_TYPES) expect(table, type).toContain(`<${type}>`);
  });

  it('names no type the scrubber does not have', () => {
    const named = [...table.matchAll(/`<([A-Z_]+)>`/g)].map((m) => m[1]);
    expect(named.filter((t) => !(PLACEHOLDER_TYPES as readonly string[]).includes(t!))).toEqual([]);
  });
});
