/**
 * Dates of birth. A date is personal data when something says whose birth it is: a key or word
 * (`dob`, `date_of_birth`, `dateOfBirth`, `birth_date`, `birthday`, `born on`, …) directly before
 * it, in JSON, YAML, env files, code, SQL or prose (`"dob": "1985-04-12"`, `DOB=12/04/1985`,
 * `birthDate: new Date('1985-04-12')`, `WHERE dob = DATE '1985-04-12'`, `born on 12 April 1985`,
 * `birthday is April 12`); or a birth-date column of an SQL `INSERT` column list or a CSV header,
 * whose values are found by position. Only the date is replaced. Dates elsewhere (release dates,
 * timestamps, `created_at`) are kept.
 */
import { execAt, forEachMatch, re } from '../registry.ts';
import { ilit } from '../triggers.ts';
import type { Detector, Emit } from '../types.ts';

const KEYWORD = re(
  'dob.keyword',
  /dob|d\.o\.b\.?|date[_ .-]?of[_ .-]?birth|birth[_ .-]?(?:date|day)|birthday|born(?:[ \t]{1,3}on)?|geburtsdatum|fecha[_ ]de[_ ]nacimiento|date[_ ]de[_ ]naissance|data[_ ]de[_ ]nascimento/gi,
);

// Groups: 1–3 year-month-day (with an optional time), 4–6 day/month-month/day-year, 7 compact
// YYYYMMDD; then day-month-name-year and month-name-day-year (English names and abbreviations,
// year optional: a birthday), checked by their shape alone.
const DATE = re(
  'dob.date',
  /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d])|(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?![\d])|((?:19|20)\d{6})(?![\d])|\d{1,2}(?:st|nd|rd|th)?[ \t-]{1,3}(?:of[ \t]{1,3})?(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:,?[ \t-]{1,3}\d{4})?(?![A-Za-z\d])|(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?[ \t]{1,3}\d{1,2}(?:st|nd|rd|th)?(?:,?[ \t]{1,3}\d{4})?(?![A-Za-z\d])/iy,
);

/** Words that may stand between the keyword and the date (`born on the`, `dob = DATE`, `new Date(`). */
const FILLERS = new Set([
  'is',
  'was',
  'on',
  'of',
  'the',
  'as',
  'at',
  'date',
  'new',
  'to',
  'to_date',
  'cast',
  'parse',
  'datetime',
  'localdate',
  'timestamp',
  'value',
  'str',
]);

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Numeric parts that make a real calendar date (a year 1900–2099 when it has four digits). */
function plausible(m: RegExpExecArray): boolean {
  const n = (i: number) => Number(m[i]);
  if (m[1] !== undefined)
    return n(1) >= 1900 && n(1) <= 2099 && n(2) >= 1 && n(2) <= 12 && n(3) >= 1 && n(3) <= 31;
  if (m[4] !== undefined) {
    const [a, b] = [n(4), n(5)];
    const yearOk = m[6]!.length === 2 || (n(6) >= 1900 && n(6) <= 2099);
    return yearOk && a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12);
  }
  if (m[7] !== undefined) {
    const month = Number(m[7].slice(4, 6));
    const day = Number(m[7].slice(6, 8));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }
  return true;
}

/** The date starting exactly at `at`, as its end, or -1. */
function dateAt(text: string, at: number): number {
  const m = execAt(DATE, text, at);
  return m !== null && plausible(m) ? at + m[0].length : -1;
}

/** From the end of a keyword, over the rest of the key and what may separate it from a value. */
function valueStart(text: string, from: number): number {
  let i = from;
  // The rest of the key: `dob_iso`, `birthdateUtc`.
  while (i < text.length && i - from < 24 && (isLetter(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
  const max = Math.min(text.length, i + 48);
  while (i < max) {
    const c = text.charCodeAt(i);
    if (
      c === 32 ||
      c === 9 ||
      c === 34 ||
      c === 39 ||
      c === 96 ||
      c === 58 ||
      c === 61 ||
      c === 62 ||
      c === 40 ||
      c === 91 ||
      c === 44 ||
      c === 92
    ) {
      i++;
      continue;
    }
    if (!isLetter(c)) break;
    let j = i;
    while (j < max && (isLetter(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++;
    if (!FILLERS.has(text.slice(i, j).toLowerCase())) break;
    i = j;
  }
  return i;
}

/** The keyword at m stands as a word: not inside one (`adobe`, `stillborn`, `borne`), camelCase allowed (`patientDob`). */
function standsAlone(text: string, start: number, end: number): boolean {
  const before = text.charCodeAt(start - 1);
  const first = text.charCodeAt(start);
  if (start > 0 && isLetter(before) && !(isLower(before) && !isLower(first))) return false;
  if (start > 0 && isDigit(before)) return false;
  return !isLower(text.charCodeAt(end));
}

/** Top-level comma-separated fields of text[from, to) (quotes `'…'` / `"…"` kept together). */
function fields(text: string, from: number, to: number, delimiter: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = from;
  let quote = 0;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : delimiter;
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39 || c === 96) quote = c;
    else if (c === delimiter) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  return out;
}

/** Field text[a, b) without blanks and quotes around it. */
function trimField(text: string, a: number, b: number): [number, number] {
  let s = a;
  let e = b;
  while (s < e && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
  while (
    e > s &&
    (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9 || text.charCodeAt(e - 1) === 13)
  )
    e--;
  const q = text.charCodeAt(s);
  if (e - s >= 2 && (q === 34 || q === 39 || q === 96) && text.charCodeAt(e - 1) === q) return [s + 1, e - 1];
  return [s, e];
}

/** Emits the field when it is exactly a date. */
function emitIfDate(text: string, field: [number, number], emit: Emit): void {
  const [a, b] = trimField(text, field[0], field[1]);
  if (b > a && dateAt(text, a) === b) emit(a, b, 'DATE_OF_BIRTH');
}

const MAX_TABLE = 16_384;
const MAX_LINE = 2048;

/** Index of `ch` searching back from `from` at most `limit` characters, or -1. */
function backTo(text: string, from: number, ch: number, limit: number): number {
  for (let i = from; i >= 0 && from - i <= limit; i--) if (text.charCodeAt(i) === ch) return i;
  return -1;
}

/** Index of `ch` searching forward from `from` at most `limit` characters, or -1. */
function forwardTo(text: string, from: number, ch: number, limit: number): number {
  const max = Math.min(text.length, from + limit);
  for (let i = from; i < max; i++) if (text.charCodeAt(i) === ch) return i;
  return -1;
}

function skipBlanks(text: string, from: number, max: number): number {
  let i = from;
  while (
    i < max &&
    (text.charCodeAt(i) === 32 ||
      text.charCodeAt(i) === 10 ||
      text.charCodeAt(i) === 9 ||
      text.charCodeAt(i) === 13)
  )
    i++;
  return i;
}

/**
 * `INSERT INTO t (name, dob) VALUES ('Ana', '1985-04-12'), (…)`: the keyword is a column of the
 * list; the value at its position in each tuple is the date. Returns the end of what was read
 * (the column list at least), or -1 when the keyword is not in such a list.
 */
function sqlInsert(text: string, kwStart: number, emit: Emit): number {
  const open = backTo(text, kwStart, 40, 1024);
  const close = forwardTo(text, kwStart, 41, 1024);
  if (open < 0 || close < 0) return -1;
  const columns = fields(text, open + 1, close, 44);
  const k = columns.findIndex(([a, b]) => a <= kwStart && kwStart < b);
  const end = Math.min(text.length, close + MAX_TABLE);
  let t = skipBlanks(text, close + 1, end);
  if (k < 0 || text.slice(t, t + 6).toUpperCase() !== 'VALUES') return close;
  t = skipBlanks(text, t + 6, end);
  while (t < end && text.charCodeAt(t) === 40) {
    // The tuple's closing bracket, outside quotes.
    let quote = 0;
    let j = t + 1;
    for (; j < end; j++) {
      const c = text.charCodeAt(j);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 39 || c === 34) quote = c;
      else if (c === 41) break;
    }
    if (j >= end) return end;
    const row = fields(text, t + 1, j, 44);
    if (row[k] !== undefined) emitIfDate(text, row[k], emit);
    // The next tuple follows a comma.
    const n = skipBlanks(text, j + 1, end);
    if (text.charCodeAt(n) !== 44) return j + 1;
    t = skipBlanks(text, n + 1, end);
  }
  return t;
}

const DELIMITERS = [44, 59, 9, 124]; // , ; tab |

/**
 * A CSV (or TSV…) header naming a birth-date column: that field of each following row with as
 * many fields. Returns the end of what was read (the header line at least).
 */
function csvColumn(text: string, kwStart: number, emit: Emit): number {
  const lineStart = backTo(text, kwStart, 10, MAX_LINE) + 1;
  let lineEnd = forwardTo(text, kwStart, 10, MAX_LINE);
  if (lineEnd < 0) lineEnd = Math.min(text.length, kwStart + MAX_LINE);
  if (lineStart === 0 && kwStart > MAX_LINE) return lineEnd;
  for (const d of DELIMITERS) {
    const header = fields(text, lineStart, lineEnd, d);
    const k = header.findIndex(([a, b]) => a <= kwStart && kwStart < b);
    if (header.length < 2 || k < 0) continue;
    const end = Math.min(text.length, lineEnd + MAX_TABLE);
    let row = lineEnd + 1;
    while (row < end) {
      let stop = forwardTo(text, row, 10, end - row);
      if (stop < 0) stop = end;
      const cells = fields(text, row, stop, d);
      if (cells.length !== header.length) break;
      emitIfDate(text, cells[k]!, emit);
      row = stop + 1;
    }
    return row;
  }
  return lineEnd;
}

const TRIGGERS = [
  'dob',
  'd.o.b',
  'birth',
  'born',
  'geburtsdatum',
  'nacimiento',
  'naissance',
  'nascimento',
].map(ilit);

export const birthDateDetector: Detector = {
  id: 'date_of_birth',
  find({ text, triggers }, emit) {
    if (triggers.digits < 2 || !TRIGGERS.some((id) => triggers.has(id))) return;
    // Column lists and CSV headers already read: each is read once, however many keywords it holds.
    let tablesReadTo = 0;
    forEachMatch(KEYWORD, text, (m) => {
      const end = m.index + m[0].length;
      if (!standsAlone(text, m.index, end)) return undefined;
      const at = valueStart(text, end);
      const dateEnd = dateAt(text, at);
      if (dateEnd > 0) {
        emit(at, dateEnd, 'DATE_OF_BIRTH');
        return dateEnd;
      }
      if (m.index < tablesReadTo) return undefined;
      // A column name: of an SQL INSERT column list, or of a CSV header.
      tablesReadTo = Math.max(sqlInsert(text, m.index, emit), csvColumn(text, m.index, emit));
      return undefined;
    });
  },
};
