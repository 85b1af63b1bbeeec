/**
 * A view of a text that detectors read instead of the text itself, with a map back to it: a
 * normalised copy, or the decoded form of an encoded token. Detectors report spans of the view;
 * `toSource` turns them into spans of the text, which is what gets replaced.
 */

export interface TextView {
  /** What detectors read. */
  readonly text: string;
  /**
   * Per view character, the source span it came from (`starts[i]` inclusive, `ends[i]`
   * exclusive). Null when the view is the source itself (the common case: no copy, no map).
   */
  readonly starts: Int32Array | null;
  readonly ends: Int32Array | null;
}

export function identityView(text: string): TextView {
  return { text, starts: null, ends: null };
}

/** The source span of the view span [start, end), end > start. */
export function toSource(view: TextView, start: number, end: number): [number, number] {
  if (view.starts === null || view.ends === null) return [start, end];
  return [view.starts[start]!, view.ends[end - 1]!];
}

/** Builds a view piece by piece: each pushed string stands for one span of the source. */
export class ViewBuilder {
  private readonly parts: string[] = [];
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private length = 0;

  /** Appends `chars`, every character of which maps to the source span [start, end). */
  push(chars: string, start: number, end: number): void {
    const need = this.length + chars.length;
    if (need > this.starts.length) {
      const size = Math.max(need, this.starts.length * 2);
      const s = new Int32Array(size);
      const e = new Int32Array(size);
      s.set(this.starts.subarray(0, this.length));
      e.set(this.ends.subarray(0, this.length));
      this.starts = s;
      this.ends = e;
    }
    for (let k = 0; k < chars.length; k++) {
      this.starts[this.length + k] = start;
      this.ends[this.length + k] = end;
    }
    this.length = need;
    this.parts.push(chars);
  }

  build(): TextView {
    return {
      text: this.parts.join(''),
      starts: this.starts.subarray(0, this.length),
      ends: this.ends.subarray(0, this.length),
    };
  }
}

/** `inner` is a view of `outer.text`; the result maps `inner.text` straight to `outer`'s source. */
export function compose(outer: TextView, inner: TextView): TextView {
  if (inner.starts === null || inner.ends === null) return { ...outer, text: inner.text };
  if (outer.starts === null || outer.ends === null) return inner;
  const n = inner.text.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = outer.starts[inner.starts[i]!]!;
    ends[i] = outer.ends[inner.ends[i]! - 1]!;
  }
  return { text: inner.text, starts, ends };
}
