/**
 * The public suffix rules the function ships (lib/bundled-data/public-suffixes.txt.gz), read out of
 * the pinned `tldts-icann` package (a dev dependency: read here, by `npm run generate` and by the
 * tests; never by the runtime). tldts-icann keeps the ICANN section of the list as a flat trie in
 * code, ~78 KiB of the function's bundle; as text, gzipped, in a data file it costs no parsing.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from '../cdk-context.ts';

interface FlatTrie {
  readonly nodeFlags: Uint8Array;
  readonly edgeStart: Uint16Array | Uint32Array;
  readonly edgeLength: Uint8Array;
  readonly edgeChild: Uint16Array | Uint32Array;
  readonly labelText: string;
  readonly rulesRoot: number;
  readonly exceptionsRoot: number;
}

const TRIE_FILE = join(REPO_ROOT, 'node_modules/tldts-icann/dist/cjs/src/data/trie.js');

/** Every flagged node's path, labels in host order (`co.uk`, `*.ck`). */
function rulesUnder(trie: FlatTrie, root: number, edgeOffset: Uint32Array): string[] {
  const out: string[] = [];
  const visit = (node: number, suffix: string) => {
    for (let edge = trie.edgeStart[node]!; edge < trie.edgeStart[node + 1]!; edge++) {
      const offset = edgeOffset[edge]!;
      const label = trie.labelText.slice(offset, offset + trie.edgeLength[edge]!);
      const name = suffix === '' ? label : `${label}.${suffix}`;
      const child = trie.edgeChild[edge]!;
      // Flag bit 1: an ICANN rule ends here (every terminal node in this build).
      if ((trie.nodeFlags[child]! & 1) !== 0) out.push(name);
      visit(child, name);
    }
  };
  visit(root, '');
  return out;
}

/** The rules, one per line in the list's own syntax (`co.uk`, `*.ck`, `!www.ck`), sorted. */
export function publicSuffixRulesText(): string {
  const trie = createRequire(import.meta.url)(TRIE_FILE) as FlatTrie;
  // Edges are numbered in label order: each label starts where the previous one ended.
  const edgeOffset = new Uint32Array(trie.edgeLength.length);
  for (let e = 1; e < edgeOffset.length; e++) edgeOffset[e] = edgeOffset[e - 1]! + trie.edgeLength[e - 1]!;
  const rules = rulesUnder(trie, trie.rulesRoot, edgeOffset);
  const exceptions = rulesUnder(trie, trie.exceptionsRoot, edgeOffset).map((r) => `!${r}`);
  return [...rules, ...exceptions].sort().join('\n');
}
