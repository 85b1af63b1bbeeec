/**
 * The public suffix of a host name, by the ICANN section of the public suffix list. The rules come
 * from the pinned tldts-icann (lib/domains/generate.ts) as a data file; the lookup walks them the
 * way tldts-icann's own does (its suffix-trie), so both give the same answers (test/domains):
 * right to left, a label's own edge before a `*` edge and never both, the deepest rule wins,
 * an exception rule first and without its left-most label, and else the right-most label.
 */
import type { IPublicSuffix, ISuffixLookupOptions } from 'tldts-core';
import { fastPathLookup } from 'tldts-core';
import { readBundledLines } from '../bundled-data/read.ts';

/**
 * The rules as a trie flattened into one map: each node is named by its path from the root in host
 * order (`b.foo`; a `*` edge stays `*`, as in `x.*.ck`), and maps to whether a rule ends there.
 * A map of strings builds in a fraction of the time nested maps take, which a cold start notices.
 */
type Trie = ReadonlyMap<string, boolean>;

function buildTries(lines: readonly string[]): { rules: Trie; exceptions: Trie } {
  const rules = new Map<string, boolean>();
  const exceptions = new Map<string, boolean>();
  for (const line of lines) {
    if (line === '') continue;
    const exception = line.startsWith('!');
    const trie = exception ? exceptions : rules;
    const rule = exception ? line.slice(1) : line;
    trie.set(rule, true);
    // Every shorter suffix is a node on the way to it.
    for (let dot = rule.indexOf('.'); dot >= 0; dot = rule.indexOf('.', dot + 1)) {
      const node = rule.slice(dot + 1);
      if (!trie.has(node)) trie.set(node, false);
    }
  }
  return { rules, exceptions };
}

type SuffixLookup = (hostname: string, options: ISuffixLookupOptions, out: IPublicSuffix) => boolean;

/** [start, end) of the left-most label of the deepest rule matching `hostname`, or null. */
function deepestMatch(hostname: string, trie: Trie): [number, number] | null {
  let path = '';
  let match: [number, number] | null = null;
  let end = hostname.length;
  while (end > 0) {
    const dot = hostname.lastIndexOf('.', end - 1);
    const start = dot + 1;
    const label = hostname.slice(start, end);
    const exact = path === '' ? label : `${label}.${path}`;
    let rule = trie.get(exact);
    if (rule !== undefined) path = exact;
    else {
      const wildcard = path === '' ? '*' : `*.${path}`;
      rule = trie.get(wildcard);
      if (rule === undefined) break;
      path = wildcard;
    }
    if (rule) match = [start, end];
    if (dot < 0) break;
    end = dot;
  }
  return match;
}

/** A tldts `suffixLookup` over `lines` (rules in the list's syntax): sets `out.publicSuffix`; true when an exception decided. */
export function suffixLookupFor(lines: readonly string[]): SuffixLookup {
  const { rules, exceptions } = buildTries(lines);
  return (hostname, options, out) => {
    if (fastPathLookup(hostname, options, out)) return false;
    const exception = deepestMatch(hostname, exceptions);
    if (exception) {
      out.publicSuffix = hostname.slice(exception[1] + 1);
      return true;
    }
    const rule = deepestMatch(hostname, rules);
    if (rule) {
      out.publicSuffix = hostname.slice(rule[0]);
      return false;
    }
    // The list's implicit `*` rule: the right-most label.
    out.publicSuffix = hostname.slice(hostname.lastIndexOf('.') + 1);
    return false;
  };
}

/** The lookup over the ICANN rules shipped with the function. */
export const suffixLookup: SuffixLookup = suffixLookupFor(readBundledLines('public-suffixes.txt.gz'));
