/**
 * Finds which of many needles occur in a text, in one pass: needles are bucketed by their
 * first two code units, and only positions whose two code units start some needle are
 * checked. Exact, allocation-free per position, and linear in the text for realistic needles.
 */
export class SubstringScanner {
  private readonly buckets = new Map<number, { needle: string; id: number }[]>();
  private readonly singles = new Map<number, number[]>();

  /** `needles[i]` is reported as `i`; empty needles are ignored. */
  constructor(needles: readonly string[]) {
    needles.forEach((needle, id) => {
      if (needle.length === 0) return;
      if (needle.length === 1) {
        const list = this.singles.get(needle.charCodeAt(0)) ?? [];
        list.push(id);
        this.singles.set(needle.charCodeAt(0), list);
        return;
      }
      const key = (needle.charCodeAt(0) << 16) | needle.charCodeAt(1);
      const list = this.buckets.get(key) ?? [];
      list.push({ needle, id });
      this.buckets.set(key, list);
    });
  }

  /** Ids of the needles found in `text`, added to `found`. */
  scan(text: string, found: Set<number>): void {
    for (let i = 0; i < text.length; i++) {
      const c0 = text.charCodeAt(i);
      if (this.singles.size > 0) for (const id of this.singles.get(c0) ?? []) found.add(id);
      if (i + 1 >= text.length) break;
      const bucket = this.buckets.get((c0 << 16) | text.charCodeAt(i + 1));
      if (bucket === undefined) continue;
      for (const { needle, id } of bucket) if (!found.has(id) && text.startsWith(needle, i)) found.add(id);
    }
  }
}
