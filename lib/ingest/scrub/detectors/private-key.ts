/**
 * PEM / OpenSSH / PGP private-key blocks, also inside JSON strings (GCP service-account files
 * carry "-----BEGIN PRIVATE KEY-----\nMIIE…"). Procedural rather than one big regex, so a header
 * without a footer costs one forward scan, not a backtracking search per header.
 */
import { forEachMatch, re } from '../registry.ts';
import { lit } from '../triggers.ts';
import type { Detector } from '../types.ts';

const HEADER = re('private_key.header', /-----BEGIN (?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?-----/g);
const FOOTER = re('private_key.footer', /-----END (?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?-----/y);

/** Longest key body we follow; real RSA-8192 PEM bodies are ~6.5 KB. */
const MAX_BODY = 16_384;
/** Base64 characters a body needs before we call an unterminated block key material. */
const MIN_MATERIAL = 32;

function isBase64(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61
  );
}

/** Body characters: base64, whitespace, escaped newlines in strings, quotes and concatenation, PEM headers, comment leaders. */
function isBodyChar(c: number): boolean {
  return (
    isBase64(c) ||
    c === 32 || // space
    c === 9 ||
    c === 10 ||
    c === 13 ||
    c === 92 || // backslash (\n inside JSON / code strings)
    c === 34 || // "
    c === 39 || // '
    c === 44 || // ,
    c === 58 || // : (Proc-Type:, DEK-Info:)
    c === 45 || // - (diff markers, header names)
    c === 46 || // .
    c === 124 || // | (YAML block scalar)
    // Comment leaders: keys pasted into commented-out config or docs (`# MIIE…`, `// MIIE…`, ` * MIIE…`).
    c === 35 || // #
    c === 42 || // *
    c === 59 || // ;
    c === 62 // > (quoted mail or markdown)
  );
}

const BEGIN = lit('-----BEGIN');

export const privateKeyDetector: Detector = {
  id: 'private_key',
  find({ text, triggers }, emit) {
    if (!triggers.has(BEGIN)) return;
    forEachMatch(HEADER, text, (m) => {
      const start = m.index;
      const max = Math.min(text.length, HEADER.lastIndex + MAX_BODY);
      let i = HEADER.lastIndex;
      let material = 0;
      let end = -1;
      while (i < max) {
        const c = text.charCodeAt(i);
        if (c === 45 && text.startsWith('-----', i)) {
          FOOTER.lastIndex = i;
          if (FOOTER.test(text)) {
            end = FOOTER.lastIndex;
            break;
          }
          // Another BEGIN or unrelated dashes: the body ends here; the next header starts its own scan.
          if (text.startsWith('-----BEGIN', i)) break;
        }
        if (!isBodyChar(c)) break;
        if (isBase64(c)) material++;
        i++;
      }
      if (end < 0) {
        if (material < MIN_MATERIAL) return undefined; // a mention of the header, not a key
        end = i;
      }
      emit(start, end, 'PRIVATE_KEY');
      return end;
    });
  },
};
