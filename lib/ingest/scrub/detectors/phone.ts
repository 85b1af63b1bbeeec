/**
 * Phone numbers: international (`+44 20 7946 0958`), North American (`(415) 555-0132`,
 * `415-555-0132`, `415 555 0132`), European trunk formats (`020 7946 0958`, `01 23 45 67 89`), and any 7–15
 * digit number right after a phone keyword. Plain digit runs elsewhere are left alone: they are
 * far more often ids, timestamps, line numbers or versions.
 */
import { forEachMatch, re } from '../registry.ts';
import { ilit, lit } from '../triggers.ts';
import type { Detector } from '../types.ts';
import { isDigitCode } from '../validators.ts';

const INTERNATIONAL = re('phone.international', /(?<![A-Za-z0-9_+])\+[1-9][\d \t().-]{6,24}\d(?![\d])/g);
// Dashed, dotted or blank-separated (`415 555 0134`); the blank form is checked further in code.
const NANP = re(
  'phone.nanp',
  /(?<![A-Za-z0-9_.+/:-])(?:1[ .-])?(?:\(([2-9]\d{2})\)[ \t]?|([2-9]\d{2})([.\- \t]))[2-9]\d{2}([.\- \t])\d{4}(?![A-Za-z0-9_]|[.-]\d)/g,
);
const EU_TRUNK = re(
  'phone.eu_trunk',
  /(?<![A-Za-z0-9_.+/:-])0[1-9]\d{1,3} \d{3,4} ?\d{3,4}(?![A-Za-z0-9_]|[ .-]?\d)|(?<![A-Za-z0-9_.+/:-])0[1-9](?: \d{2}){4}(?![A-Za-z0-9_]|[ .-]?\d)|(?<![A-Za-z0-9_.+/:-])0[1-9](?:\.\d{2}){4}(?![A-Za-z0-9_]|[ .-]?\d)/g,
);
const KEYWORD = re(
  'phone.keyword',
  /(?<![A-Za-z])(?:phone|tel|mobile|cell|fax|whatsapp|sms|telefon|t[eé]l[eé]phone)(?:[A-Za-z_ -]{0,20}?)["']?[ \t]{0,3}[:=#]?[ \t]{0,3}["']?(\+?\(?\d[\d ().-]{5,22}\d)(?!\d)/gi,
);

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isDigitCode(s.charCodeAt(i))) n++;
  return n;
}

/** Separator sanity: no doubled separators (except around parentheses), dot groups ≥ 2 digits. */
function wellFormed(s: string): boolean {
  let prevSep = false;
  let group = 0;
  let dots = false;
  for (let i = 1; i < s.length; i++) {
    const ch = s.charAt(i);
    if (isDigitCode(s.charCodeAt(i))) {
      prevSep = false;
      group++;
      continue;
    }
    if (ch === '.') dots = true;
    if (ch === '.' && group < 2 && i > 2) return false;
    if (prevSep && ch !== '(' && ch !== ')' && s.charAt(i - 1) !== ')' && s.charAt(i - 1) !== '(')
      return false;
    prevSep = true;
    group = 0;
  }
  return !(dots && group < 2);
}

/** `+0530 2024` in a date line is a time-zone offset and a year. */
function isTimezoneAndYear(s: string): boolean {
  const z = s.charCodeAt(1) - 48;
  return (
    s.length >= 10 &&
    (z === 0 || z === 1) &&
    s.charAt(5) === ' ' &&
    (s.startsWith('19', 6) || s.startsWith('20', 6))
  );
}

/**
 * `415 555 0134` is a phone number unless it is one group of a run of numbers (`[256 512 1024]`,
 * `1, 200 300 4000, 5`) or an N11 service code (`211 555 0134`).
 */
function spacedNanp(text: string, start: number, end: number, area: string): boolean {
  if (area.endsWith('11')) return false;
  const before = text.charCodeAt(start - 1);
  if (before === 91) return false; // [
  if ((before === 32 || before === 9 || before === 44) && isDigitCode(text.charCodeAt(start - 2)))
    return false;
  const after = text.charCodeAt(end);
  if (after === 93) return false; // ]
  return !(
    (after === 32 || after === 9 || after === 44 || after === 46 || after === 45) &&
    isDigitCode(text.charCodeAt(end + 1))
  );
}

const PLUS = lit('+');
const NANP_SEPARATORS = [lit('-'), lit('.'), lit('('), lit(' ')];
const TRUNK_STARTS = [lit(' 0'), lit('"0'), lit("'0")];
const KEYWORDS = ['phone', 'tel', 'mobile', 'cell', 'fax', 'sms', 'whatsapp'].map(ilit);

// Each form is skipped when the text has fewer digits than it needs (emitted numbers have 8+
// international, 10 North American and European trunk, 7+ after a keyword; NANP ends in \d{4}).
export const phoneDetector: Detector = {
  id: 'phone',
  find({ text, triggers }, emit) {
    const digits = triggers.digits;
    if (digits < 7) return;
    if (digits >= 8 && triggers.has(PLUS)) {
      forEachMatch(INTERNATIONAL, text, (m) => {
        let s = m[0];
        // Drop trailing groups that belong to following numbers (`+44 20 7946 0958 2024`).
        while (digitCount(s) > 15) {
          const cut = Math.max(s.lastIndexOf(' '), s.lastIndexOf('-'), s.lastIndexOf('.'));
          if (cut <= 0) return undefined;
          s = s.slice(0, cut);
          while (s.length > 0 && !isDigitCode(s.charCodeAt(s.length - 1))) s = s.slice(0, -1);
        }
        const n = digitCount(s);
        if (n < 8 || !wellFormed(s) || isTimezoneAndYear(s)) return undefined;
        emit(m.index, m.index + s.length, 'PHONE');
        return undefined;
      });
    }
    if (digits >= 10 && triggers.maxDigitRun >= 4 && NANP_SEPARATORS.some((id) => triggers.has(id))) {
      forEachMatch(NANP, text, (m) => {
        // One separator throughout.
        if (m[3] !== undefined && m[3] !== m[4]) return undefined;
        const end = m.index + m[0].length;
        if ((m[4] === ' ' || m[4] === '\t') && !spacedNanp(text, m.index, end, m[1] ?? m[2]!))
          return undefined;
        emit(m.index, end, 'PHONE');
        return undefined;
      });
    }
    if (digits >= 10 && (TRUNK_STARTS.some((id) => triggers.has(id)) || text.charAt(0) === '0')) {
      forEachMatch(EU_TRUNK, text, (m) => {
        const n = digitCount(m[0]);
        if (n < 10 || n > 11) return undefined;
        emit(m.index, m.index + m[0].length, 'PHONE');
        return undefined;
      });
    }
    if (KEYWORDS.some((id) => triggers.has(id))) {
      forEachMatch(KEYWORD, text, (m) => {
        const v = m[1]!;
        const n = digitCount(v);
        if (n < 7 || n > 15) return undefined;
        const end = m.index + m[0].length;
        emit(end - v.length, end, 'PHONE');
        return undefined;
      });
    }
  },
};
