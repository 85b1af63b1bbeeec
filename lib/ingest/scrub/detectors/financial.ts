/**
 * Payment card numbers (13–19 digits, optional space/dash groups, known issuer prefix, Luhn) and
 * IBANs (country code + per-country length + ISO 7064 mod-97). The checksums are what keep ids,
 * timestamps and hashes in code from being taken for either.
 */
import { forEachMatch, re } from '../registry.ts';
import type { Detector, Emit } from '../types.ts';
import { ibanValid, isDigitCode, luhnSpan } from '../validators.ts';

const CARD = re('card.candidate', /(?<![\d.,-])(?:\d[ -]?){12,18}\d(?![\d])/g);
const IBAN_START = re('iban.start', /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?=[ ]?[A-Z0-9]{4})/g);

/** Issuer prefix: Visa 4, Mastercard 51–55/22–27, Amex 34/37, Discover/UnionPay/Maestro 6, JCB/Diners 35/30/36/38/39, Maestro 50/56–58. */
function issuerPlausible(first: number, two: number, length: number): boolean {
  switch (first) {
    case 4:
      return length === 13 || length === 16 || length === 19;
    case 5:
      return (two >= 51 && two <= 55 && length === 16) || two === 50 || (two >= 56 && two <= 58);
    case 2:
      return two >= 22 && two <= 27 && length === 16;
    case 3:
      return (
        ((two === 34 || two === 37) && length === 15) ||
        two === 35 ||
        two === 30 ||
        two === 36 ||
        two === 38 ||
        two === 39
      );
    case 6:
      return true;
    default:
      return false;
  }
}

/**
 * Is text[start, end) (digits with single ' ' or '-' separators, as CARD matches them) a card
 * number: 13+ digits, a known issuer prefix, plausible grouping and a valid Luhn sum? Read in
 * place, without building strings: candidates are tried at every digit group of long numbers.
 * Grouping: separators, if any, are one kind and split the number 4-6-5, 4-6-4, or in fours
 * with a last group of 1–4.
 */
function isCardSpan(text: string, start: number, end: number): boolean {
  let digits = 0;
  let first = -1;
  let two = -1;
  let sep = -1;
  let groups = 0; // groups closed by a separator
  let run = 0;
  let fours = true; // every closed group has 4 digits
  let g0 = 0;
  let g1 = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) {
      if (first < 0) first = c - 48;
      else if (two < 0) two = first * 10 + (c - 48);
      digits++;
      run++;
      continue;
    }
    if (sep >= 0 && c !== sep) return false;
    sep = c;
    if (groups === 0) g0 = run;
    else if (groups === 1) g1 = run;
    if (run !== 4) fours = false;
    groups++;
    run = 0;
  }
  if (digits < 13 || !issuerPlausible(first, two, digits)) return false;
  const grouped =
    groups === 0 ||
    (groups === 2 && g0 === 4 && g1 === 6 && (run === 5 || run === 4)) ||
    (fours && run >= 1 && run <= 4);
  return grouped && luhnSpan(text, start, end);
}

/** Index of the last ' ' or '-' in text[start, end), or -1. */
function lastSeparator(text: string, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 45) return i;
  }
  return -1;
}

/** IBAN lengths by country (SWIFT IBAN registry). */
const IBAN_LENGTH: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

function isAlnumUpper(c: number): boolean {
  return isDigitCode(c) || (c >= 65 && c <= 90);
}

export const financialDetector: Detector = {
  id: 'financial',
  find({ text, triggers }, emit) {
    // A card has at least 13 digits; an IBAN starts with two capitals and two digits.
    if (triggers.digits >= 13) scanCards(text, emit);
    if (triggers.upperDigit && triggers.maxDigitRun >= 2) scanIbans(text, emit);
  },
};

function scanCards(text: string, emit: Emit): void {
  forEachMatch(CARD, text, (m) => {
    const start = m.index;
    const matchEnd = start + m[0].length;
    // The candidate may have swallowed a number after the card (`4111 1111 1111 1111 2024`):
    // try it, then each prefix ending before a separator.
    for (let end = matchEnd; end - start >= 13; ) {
      if (isCardSpan(text, start, end)) {
        emit(start, end, 'CARD_NUMBER');
        return end;
      }
      end = lastSeparator(text, start, end);
      if (end < 0) break;
    }
    // … or a number before the card (`1234 4111 1111 1111 1111`): retry from the next group.
    for (let i = start + 1; i < matchEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 45) return i + 1;
    }
    return undefined;
  });
}

function scanIbans(text: string, emit: Emit): void {
  forEachMatch(IBAN_START, text, (m) => {
    const len = IBAN_LENGTH[m[0].slice(0, 2)];
    if (len === undefined) return undefined;
    // Read `len` characters, allowing single spaces between groups (print format).
    let compact = '';
    let i = m.index;
    while (i < text.length && compact.length < len) {
      const c = text.charCodeAt(i);
      if (isAlnumUpper(c)) compact += text.charAt(i);
      else if (!(c === 32 && compact.length % 4 === 0 && compact.length > 0)) break;
      i++;
    }
    if (compact.length !== len) return undefined;
    if (i < text.length && isAlnumUpper(text.charCodeAt(i))) return undefined;
    if (ibanValid(compact)) {
      emit(m.index, i, 'IBAN');
      return i;
    }
    return undefined;
  });
}
