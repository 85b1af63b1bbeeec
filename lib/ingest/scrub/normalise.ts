/**
 * Normalise, detect, map back. Detectors read a normalised copy of the text: NFKC (full-width and
 * other compatibility characters become their plain forms, `ＡＫＩＡ` → `AKIA`, `ﬁ` → `fi`) with
 * every default-ignorable code point removed (zero-width spaces and joiners, bidi controls, soft
 * hyphens, variation selectors, tags…: characters that render as nothing and so can hide inside
 * a secret). A finding is mapped back to the span of the ORIGINAL it came from, and that span is
 * replaced, so the stored text never holds the un-normalised secret either.
 *
 * Most text is ASCII, which is already normal: the view is then the text itself (one native scan,
 * no copy, no map). Non-ASCII text that is already NFKC and holds no ignorable character costs
 * one native `normalize`. Only the rest takes the slow path, linear too: the text is cut into
 * clusters (a character and the combining marks after it), each normalised on its own, and every
 * character of the result maps to its cluster in the original.
 */
import { re } from './registry.ts';
import { identityView, type TextView, ViewBuilder } from './view.ts';

const NON_ASCII = re('normalise.non_ascii', /[\u0080-\uffff]/);
/** Default_Ignorable_Code_Point: Unicode's own list of characters that display as nothing. */
const IGNORABLE = re('normalise.ignorable', /\p{Default_Ignorable_Code_Point}/u);
/** Characters that attach to the one before (marks, Hangul medial and final jamo compose with it). */
const EXTENDS = re('normalise.extends', /^[\p{M}\u1160-\u11ff\ud7b0-\ud7ff]$/u);

/** True when the text needs no normalisation at all (the view is the text). */
export function isNormal(text: string): boolean {
  if (!NON_ASCII.test(text)) return true;
  return !IGNORABLE.test(text) && text.normalize('NFKC') === text;
}

/** The normalised view of a text: ignorable characters removed. */
export function normalise(text: string): TextView {
  return isNormal(text) ? identityView(text) : normaliseMapped(text, false);
}

/**
 * The views every pass reads. An ignorable character may hide inside a token (`gh\u200Bp_…`: it
 * must vanish) or stand between two words (`Ana\u200BSilva`: it must separate them), so a text
 * holding one is read twice: with ignorables removed, and with each one read as a space.
 */
export function normalisedViews(text: string): TextView[] {
  if (isNormal(text)) return [identityView(text)];
  const removed = normaliseMapped(text, false);
  return IGNORABLE.test(text) ? [removed, normaliseMapped(text, true)] : [removed];
}

const PLAIN = 1;
const IGNORED = 2;
const EXTENDING = 3;
/** Per BMP code point: 0 not yet known, PLAIN, IGNORED or EXTENDING (filled as met; a few KiB). */
const CLASS = new Uint8Array(0x10000);
/** NFKC of single BMP characters, filled as met. */
const NFKC_OF: Array<string | undefined> = [];

function classOf(ch: string, cp: number): number {
  const known = cp < 0x10000 ? CLASS[cp]! : 0;
  if (known !== 0) return known;
  const k = IGNORABLE.test(ch) ? IGNORED : EXTENDS.test(ch) ? EXTENDING : PLAIN;
  if (cp < 0x10000) CLASS[cp] = k;
  return k;
}

function nfkc(cluster: string): string {
  const c = cluster.charCodeAt(0);
  // One ASCII character on its own is already normal (most of any text).
  if (cluster.length === 1 && c < 0x80) return cluster;
  if (cluster.length !== 1) return cluster.normalize('NFKC');
  let n = NFKC_OF[c];
  if (n === undefined) {
    n = cluster.normalize('NFKC');
    NFKC_OF[c] = n;
  }
  return n;
}

function normaliseMapped(text: string, ignorableAsSpace: boolean): TextView {
  const out = new ViewBuilder();
  let cluster = '';
  let start = 0;
  let end = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    const ch = c < 0x80 ? text.charAt(i) : pair ? text.slice(i, i + 2) : text.charAt(i);
    const next = i + ch.length;
    const k = c < 0x80 ? PLAIN : classOf(ch, ch.codePointAt(0)!);
    if (k === IGNORED) {
      // Not in the view (a finding around it still covers it: its neighbours' spans do), or a space.
      if (ignorableAsSpace) {
        if (cluster !== '') out.push(nfkc(cluster), start, end);
        cluster = '';
        out.push(' ', i, next);
      }
    } else if (k === EXTENDING && cluster !== '') {
      cluster += ch;
      end = next;
    } else {
      if (cluster !== '') out.push(nfkc(cluster), start, end);
      cluster = ch;
      start = i;
      end = next;
    }
    i = next;
  }
  if (cluster !== '') out.push(nfkc(cluster), start, end);
  return out.build();
}
