/**
 * National identifiers: US SSN (dashed, or any 9 digits after an SSN keyword; invalid areas 000,
 * 666, 900–999, group 00 and serial 0000 are rejected), UK National Insurance numbers (prefix
 * rules), Spanish DNI/NIE (mod-23 check letter) and Indian Aadhaar (grouped, Verhoeff checksum).
 */
import { forEachMatch, re } from '../registry.ts';
import { ilit, lit } from '../triggers.ts';
import type { Detector } from '../types.ts';
import { spanishIdValid, verhoeffValid } from '../validators.ts';

const SSN_DASHED = re('ssn.dashed', /(?<![A-Za-z0-9_-])(\d{3})-(\d{2})-(\d{4})(?![A-Za-z0-9_]|-\d)/g);
const SSN_KEYWORD = re(
  'ssn.keyword',
  /(?<![A-Za-z])(?:ssn|social[ _-]?security(?:[ _-]?(?:number|no|num))?)[A-Za-z_]{0,12}["']?[ \t]{0,3}[:=#]?[ \t]{0,3}["']?(\d{3})[ -]?(\d{2})[ -]?(\d{4})(?!\d)/dgi,
);
const NINO = re(
  'national_id.uk_nino',
  /(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g,
);
const ES_DNI = re(
  'national_id.es_dni',
  /(?<![A-Za-z0-9])(?:\d{8}|[XYZ]\d{7})-?[A-HJ-NP-TV-Z](?![A-Za-z0-9])/g,
);
const AADHAAR = re('national_id.in_aadhaar', /(?<!\d[ -]?)[2-9]\d{3}( |-)\d{4}( |-)\d{4}(?![ -]?\d)/g);

const NINO_BAD_PREFIX = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

function ssnValid(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && area.charAt(0) !== '9' && group !== '00' && serial !== '0000';
}

const DASH = lit('-');
const SSN_WORDS = ['ssn', 'social'].map(ilit);

// Each pattern is skipped when the text lacks the digits it needs: a run of `maxDigitRun`
// consecutive digits (\d{4}, \d{7}…) and `digits` in all.
export const nationalIdDetector: Detector = {
  id: 'national_id',
  find({ text, triggers }, emit) {
    const run = triggers.maxDigitRun;
    if (run < 2) return;
    if (run >= 4 && triggers.has(DASH)) {
      forEachMatch(SSN_DASHED, text, (m) => {
        if (ssnValid(m[1]!, m[2]!, m[3]!)) emit(m.index, m.index + m[0].length, 'SSN');
        return undefined;
      });
    }
    if (run >= 4 && SSN_WORDS.some((id) => triggers.has(id))) {
      forEachMatch(SSN_KEYWORD, text, (m) => {
        if (!ssnValid(m[1]!, m[2]!, m[3]!)) return undefined;
        emit(m.indices![1]![0], m.index + m[0].length, 'SSN');
        return undefined;
      });
    }
    if (triggers.digits >= 6) {
      forEachMatch(NINO, text, (m) => {
        if (!NINO_BAD_PREFIX.has(m[1]!)) emit(m.index, m.index + m[0].length, 'NATIONAL_ID');
        return undefined;
      });
    }
    if (run >= 7) {
      forEachMatch(ES_DNI, text, (m) => {
        if (spanishIdValid(m[0].replace('-', ''))) emit(m.index, m.index + m[0].length, 'NATIONAL_ID');
        return undefined;
      });
    }
    if (run >= 4 && triggers.digits >= 12) {
      forEachMatch(AADHAAR, text, (m) => {
        if (m[1] === m[2] && verhoeffValid(m[0].replaceAll(m[1]!, '')))
          emit(m.index, m.index + m[0].length, 'NATIONAL_ID');
        return undefined;
      });
    }
  },
};
