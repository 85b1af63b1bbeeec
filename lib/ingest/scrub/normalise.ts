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

function normaliseMapped(text: string, ignorableAsSpace: boolean): TextView {
  const out = new ViewBuilder();
  let cluster = '';
  let start = 0;
  let end = 0;
  const flush = (): void => {
    if (cluster === '') return;
    // One ASCII character on its own is already normal (most of any text).
    out.push(
      cluster.length === 1 && cluster.charCodeAt(0) < 0x80 ? cluster : cluster.normalize('NFKC'),
      start,
      end,
    );
    cluster = '';
  };
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      flush();
      cluster = text.charAt(i);
      start = i;
      end = i + 1;
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const next = i + ch.length;
    if (IGNORABLE.test(ch)) {
      // Not in the view (a finding around it still covers it: its neighbours' spans do), or a space.
      if (ignorableAsSpace) {
        flush();
        out.push(' ', i, next);
      }
      i = next;
      continue;
    }
    if (cluster !== '' && EXTENDS.test(ch)) {
      cluster += ch;
      end = next;
    } else {
      flush();
      cluster = ch;
      start = i;
      end = next;
    }
    i = next;
  }
  flush();
  return out.build();
}
