/**
 * Payment card numbers (13–19 digits, optional space/dash groups, known issuer prefix, Luhn) and
 * IBANs (country code + per-country length + ISO 7064 mod-97). The checksums are what keep ids,
 * timestamps and hashes in code from being taken for either.
 */
import { forEachMatch, re } from '../registry.ts';
import type { Detector } from '../types.ts';
import { ibanValid, isDigitCode, luhnValid } from '../validators.ts';

const CARD = re('card.candidate', /(?<![\d.,-])(?:\d[ -]?){12,18}\d(?![\d])/g);
const NON_DIGIT = re('card.separator', /[ -]/);
const IBAN_START = re('iban.start', /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?=[ ]?[A-Z0-9]{4})/g);

/** Issuer prefix: Visa 4, Mastercard 51–55/22–27, Amex 34/37, Discover/UnionPay/Maestro 6, JCB/Diners 35/30/36/38/39, Maestro 50/56–58. */
function issuerPlausible(d: string): boolean {
  const two = Number(d.slice(0, 2));
  switch (d.charAt(0)) {
    case '4':
      return d.length === 13 || d.length === 16 || d.length === 19;
    case '5':
      return (two >= 51 && two <= 55 && d.length === 16) || two === 50 || (two >= 56 && two <= 58);
    case '2':
      return two >= 22 && two <= 27 && d.length === 16;
    case '3':
      return (
        ((two === 34 || two === 37) && d.length === 15) ||
        two === 35 ||
        two === 30 ||
        two === 36 ||
        two === 38 ||
        two === 39
      );
    case '6':
      return true;
    default:
      return false;
  }
}

/** Separators, if any, must be one kind and split the number into the usual groups. */
function groupingPlausible(s: string): boolean {
  let sep = '';
  const groups: number[] = [];
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    if (isDigitCode(s.charCodeAt(i))) {
      run++;
      continue;
    }
    const c = s.charAt(i);
    if (sep && c !== sep) return false;
    sep = c;
    groups.push(run);
    run = 0;
  }
  groups.push(run);
  if (groups.length === 1) return true;
  const g = groups.join('-');
  if (g === '4-6-5' || g === '4-6-4') return true;
  for (let i = 0; i < groups.length - 1; i++) if (groups[i] !== 4) return false;
  return groups[groups.length - 1]! >= 1 && groups[groups.length - 1]! <= 4;
}

function isCard(s: string): boolean {
  let digits = '';
  for (let i = 0; i < s.length; i++) if (isDigitCode(s.charCodeAt(i))) digits += s.charAt(i);
  return digits.length >= 13 && issuerPlausible(digits) && groupingPlausible(s) && luhnValid(digits);
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
  find({ text }, emit) {
    forEachMatch(CARD, text, (m) => {
      // The candidate may have swallowed a number after the card (`4111 1111 1111 1111 2024`):
      // try it, then each prefix ending before a separator.
      for (let s = m[0]; s.length >= 13; ) {
        if (isCard(s)) {
          emit(m.index, m.index + s.length, 'CARD_NUMBER');
          return m.index + s.length;
        }
        const cut = Math.max(s.lastIndexOf(' '), s.lastIndexOf('-'));
        if (cut < 0) break;
        s = s.slice(0, cut);
      }
      const s = m[0];
      // … or a number before the card (`1234 4111 1111 1111 1111`): retry from the next group.
      const sep = s.search(NON_DIGIT);
      return sep > 0 ? m.index + sep + 1 : undefined;
    });
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
  },
};
