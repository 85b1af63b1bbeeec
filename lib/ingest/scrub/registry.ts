/**
 * Every regular expression of the scrubber is created through `re()` so that one test can
 * enumerate all of them and prove each is free of catastrophic backtracking (recheck). A test
 * also fails when a regex literal appears in this folder outside a `re(…)` call.
 */

export interface RegisteredPattern {
  readonly id: string;
  readonly regex: RegExp;
}

const registry: RegisteredPattern[] = [];
const ids = new Set<string>();

/** Registers a pattern under a unique id and returns it. */
export function re(id: string, regex: RegExp): RegExp {
  if (ids.has(id)) throw new Error('scrubber: duplicate pattern id');
  ids.add(id);
  registry.push({ id, regex });
  return regex;
}

/** All static patterns of the scrubber (dynamic identity-hint patterns are checked separately). */
export function registeredPatterns(): readonly RegisteredPattern[] {
  return registry;
}

/**
 * Calls `fn` for each match of a global regex. `fn` may return an index to resume from, after the
 * match start: further on when a detector extended the match, or back inside a rejected match so
 * that a later keyword in it is still seen. Progress is strict, so this terminates.
 */
export function forEachMatch(
  regex: RegExp,
  text: string,
  fn: (m: RegExpExecArray) => number | undefined,
): void {
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    const resume = fn(m);
    if (resume !== undefined && resume > m.index) regex.lastIndex = resume;
    else if (m[0].length === 0) regex.lastIndex = m.index + 1;
  }
  regex.lastIndex = 0;
}

/** Runs a sticky (`y`) regex at exactly `at`. */
export function execAt(regex: RegExp, text: string, at: number): RegExpExecArray | null {
  regex.lastIndex = at;
  return regex.exec(text);
}

/**
 * Calls `fn` at each occurrence of any of the single-character `anchors`, in order. Finding a
 * rare literal with indexOf is far cheaper than letting a regex that starts with a character
 * class try every position; `fn` returns where to continue (strictly after `i`) or undefined.
 */
export function forEachAnchor(text: string, anchors: string, fn: (i: number) => number | undefined): void {
  const next: number[] = [];
  for (let k = 0; k < anchors.length; k++) next.push(text.indexOf(anchors.charAt(k)));
  let from = 0;
  for (;;) {
    let i = -1;
    for (let k = 0; k < next.length; k++) {
      if (next[k]! >= 0 && next[k]! < from) next[k] = text.indexOf(anchors.charAt(k), from);
      if (next[k]! >= 0 && (i < 0 || next[k]! < i)) i = next[k]!;
    }
    if (i < 0) return;
    const resume = fn(i);
    from = resume !== undefined && resume > i ? resume : i + 1;
  }
}
