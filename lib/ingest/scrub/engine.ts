/**
 * Turns detector findings into output: spans that overlap are merged (so no part of any finding
 * survives and a placeholder is never half-replaced), the merged span takes the type of highest
 * priority, and all detectors read the ORIGINAL text, so replaced text is never re-scanned.
 * Placeholders already present in the input (e.g. when scrubbing scrubbed text) are protected:
 * findings are trimmed around them, which makes scrubbing idempotent.
 */
import { forEachMatch, re } from './registry.ts';
import { PLACEHOLDER_TYPES, type PlaceholderType, TYPE_PRIORITY } from './types.ts';
import { utf8CutIndex, utf8Length } from './utf8.ts';

export interface Span {
  start: number;
  end: number;
  type: PlaceholderType;
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(PLACEHOLDER_TYPES);
const PLACEHOLDER = re('engine.placeholder', /<[A-Z][A-Z0-9_]{1,30}>/g);

/** Ranges of `<TYPE>` tokens already in the text, sorted. */
export function existingPlaceholders(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (!text.includes('<')) return out;
  forEachMatch(PLACEHOLDER, text, (m) => {
    if (KNOWN_TYPES.has(m[0].slice(1, -1))) out.push([m.index, m.index + m[0].length]);
    return undefined;
  });
  return out;
}

/** True when the piece holds something worth replacing (not only punctuation or spaces). */
function hasContent(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0x80) return true;
  }
  return false;
}

/** Removes the protected ranges from each span, keeping pieces with content. */
function trimProtected(text: string, spans: Span[], protectedRanges: Array<[number, number]>): Span[] {
  if (protectedRanges.length === 0) return spans;
  const out: Span[] = [];
  for (const s of spans) {
    let cursor = s.start;
    for (const [ps, pe] of protectedRanges) {
      if (pe <= cursor) continue;
      if (ps >= s.end) break;
      if (ps > cursor && hasContent(text, cursor, ps)) out.push({ start: cursor, end: ps, type: s.type });
      cursor = Math.max(cursor, pe);
    }
    if (cursor < s.end && hasContent(text, cursor, s.end))
      out.push({ start: cursor, end: s.end, type: s.type });
  }
  return out;
}

/** Merges overlapping spans (touching spans stay separate); the highest-priority type names the union. */
export function resolveSpans(text: string, spans: Span[]): Span[] {
  const trimmed = trimProtected(text, spans, existingPlaceholders(text));
  if (trimmed.length === 0) return trimmed;
  trimmed.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  let cur = { ...trimmed[0]! };
  for (let i = 1; i < trimmed.length; i++) {
    const s = trimmed[i]!;
    if (s.start < cur.end) {
      if (s.end > cur.end) cur.end = s.end;
      if (TYPE_PRIORITY[s.type] > TYPE_PRIORITY[cur.type]) cur.type = s.type;
    } else {
      merged.push(cur);
      cur = { ...s };
    }
  }
  merged.push(cur);
  return merged;
}

export interface Rendered {
  text: string;
  truncated: boolean;
  redactions: Record<string, number>;
}

/**
 * Writes text[0, limit) with spans replaced. A span that starts before `limit` is replaced whole
 * even when it reaches past it, so a secret straddling a cut never survives in part. The result
 * is then held to `maxBytes`, cutting before (never inside) a placeholder.
 */
export function render(text: string, spans: Span[], limit: number, maxBytes: number): Rendered {
  const redactions: Record<string, number> = {};
  const parts: string[] = [];
  // Output offsets and types of placeholders, to avoid cutting through one and to recount after a cut.
  const marks: Array<{ start: number; end: number; type: PlaceholderType }> = [];
  let outLen = 0;
  let pos = 0;
  for (const s of spans) {
    if (s.start >= limit) break;
    if (s.start > pos) {
      parts.push(text.slice(pos, s.start));
      outLen += s.start - pos;
    }
    const ph = `<${s.type}>`;
    marks.push({ start: outLen, end: outLen + ph.length, type: s.type });
    parts.push(ph);
    outLen += ph.length;
    redactions[s.type] = (redactions[s.type] ?? 0) + 1;
    pos = Math.max(pos, s.end);
  }
  if (pos < limit) parts.push(text.slice(pos, limit));
  let out = parts.join('');
  let truncated = false;
  if (out.length * 3 > maxBytes && utf8Length(out) > maxBytes) {
    let cut = utf8CutIndex(out, maxBytes);
    for (const m of marks) {
      if (m.start < cut && m.end > cut) cut = m.start;
      if (m.start >= cut) {
        const left = (redactions[m.type] ?? 1) - 1;
        if (left > 0) redactions[m.type] = left;
        else delete redactions[m.type];
      }
    }
    out = out.slice(0, cut);
    truncated = true;
  }
  return { text: out, truncated, redactions };
}
