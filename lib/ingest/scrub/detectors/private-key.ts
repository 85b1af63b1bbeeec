/**
 * Private-key blocks: PEM (PKCS#1/#8, OpenSSH, PGP, encrypted), also with odd spacing or dash
 * counts (`----- BEGIN  RSA PRIVATE KEY -----`) and inside JSON strings (GCP service-account files
 * carry "-----BEGIN PRIVATE KEY-----\nMIIE…"); SSH2 keys (`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY
 * ----`, with `Comment:` header lines); PuTTY key files (`PuTTY-User-Key-File-3: …` through
 * `Private-MAC: …`). Procedural rather than one big regex, so a header without a footer costs one
 * forward scan, not a backtracking search per header.
 */
import { forEachMatch, re } from '../registry.ts';
import { ilit, lit } from '../triggers.ts';
import type { Detector, Emit } from '../types.ts';

const HEADER = re(
  'private_key.header',
  /(?<!-)-{3,8}[ \t]{0,3}BEGIN[ \t]{1,3}(?:[A-Z0-9]{1,16}[ \t]{1,3}){0,3}PRIVATE[ \t]{1,3}KEY(?:[ \t]{1,3}BLOCK)?[ \t]{0,3}-{3,8}/gi,
);
const FOOTER = re(
  'private_key.footer',
  /-{3,8}[ \t]{0,3}END[ \t]{1,3}(?:[A-Z0-9]{1,16}[ \t]{1,3}){0,3}PRIVATE[ \t]{1,3}KEY(?:[ \t]{1,3}BLOCK)?[ \t]{0,3}-{3,8}/iy,
);
/** Dashes that open another header: the body before them has ended. */
const BEGIN_AT = re('private_key.begin_at', /-{3,8}[ \t]{0,3}BEGIN[ \t]/iy);
/** `Comment: "rsa-key-20240101 jane@host"`, `Proc-Type: 4,ENCRYPTED`: a header line inside a key body. */
const HEADER_FIELD = re('private_key.header_field', /[A-Za-z][A-Za-z0-9-]{0,63}:[ \t][^\r\n]{0,1024}/y);

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

/** Start of the line holding `i`, skipping comment leaders and blanks: where a header field may begin. */
function fieldStart(text: string, lineStart: number): number {
  let i = lineStart;
  while (i < text.length && i - lineStart < 8) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 35 || c === 42 || c === 59 || c === 62 || c === 47 || c === 34) i++;
    else break;
  }
  return i;
}

function pemBlocks(text: string, emit: Emit): void {
  forEachMatch(HEADER, text, (m) => {
    const start = m.index;
    const max = Math.min(text.length, HEADER.lastIndex + MAX_BODY);
    let i = HEADER.lastIndex;
    let material = 0;
    let end = -1;
    while (i < max) {
      const c = text.charCodeAt(i);
      if (c === 45 && text.startsWith('---', i)) {
        FOOTER.lastIndex = i;
        if (FOOTER.test(text)) {
          end = FOOTER.lastIndex;
          break;
        }
        // Another BEGIN: the body ends here; the next header starts its own scan.
        BEGIN_AT.lastIndex = i;
        if (BEGIN_AT.test(text)) break;
      }
      if (c === 10) {
        // A header field line (`Comment: "… user@host"`) may hold any character: skip it whole.
        HEADER_FIELD.lastIndex = fieldStart(text, i + 1);
        if (HEADER_FIELD.test(text)) {
          i = HEADER_FIELD.lastIndex;
          continue;
        }
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
}

const PUTTY = 'PuTTY-User-Key-File-';
const PRIVATE_MAC = 'Private-MAC:';

/** End of the line starting at `from` (a newline, or `\\n` inside a string literal), at most `max`. */
function lineEnd(text: string, from: number, max: number): number {
  for (let i = from; i < max; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 92 && text.charCodeAt(i + 1) === 110)) return i;
  }
  return max;
}

/** Start of the line after the one ending at `end`. */
function nextLine(text: string, end: number): number {
  return text.charCodeAt(end) === 92 ? end + 2 : end + 1;
}

/**
 * A PuTTY key file: from its first line through `Private-MAC: <hex>`, or, when that line is
 * missing, through the last line that still reads as part of the file (a header field or a
 * base64 line).
 */
function puttyKeys(text: string, emit: Emit): void {
  let from = 0;
  for (let at = text.indexOf(PUTTY, from); at >= 0; at = text.indexOf(PUTTY, from)) {
    const max = Math.min(text.length, at + MAX_BODY);
    let end = lineEnd(text, at, max);
    let line = nextLine(text, end);
    let lines = 0;
    while (line < max) {
      const lineStop = lineEnd(text, line, max);
      const s = fieldStart(text, line);
      HEADER_FIELD.lastIndex = s;
      let ok = HEADER_FIELD.test(text);
      if (!ok) {
        ok = lineStop > s;
        for (let k = s; ok && k < lineStop; k++) {
          const c = text.charCodeAt(k);
          ok = isBase64(c) || c === 13 || c === 34;
        }
      }
      if (!ok) break;
      lines++;
      end = lineStop;
      if (text.startsWith(PRIVATE_MAC, s)) {
        // The file's last line: it ends with the MAC's hex digits.
        let k = s + PRIVATE_MAC.length;
        while (k < lineStop && text.charCodeAt(k) === 32) k++;
        while (k < lineStop && isBase64(text.charCodeAt(k))) k++;
        end = k;
        break;
      }
      line = nextLine(text, lineStop);
    }
    // A mention of the format (no key lines after it) is not a key.
    if (lines > 0) emit(at, end, 'PRIVATE_KEY');
    from = Math.max(end, at + PUTTY.length);
  }
}

const BEGIN = ilit('begin');
const DASHES = lit('---');
const PUTTY_TRIGGER = lit(PUTTY);

export const privateKeyDetector: Detector = {
  id: 'private_key',
  find({ text, triggers }, emit) {
    if (triggers.has(BEGIN) && triggers.has(DASHES)) pemBlocks(text, emit);
    if (triggers.has(PUTTY_TRIGGER)) puttyKeys(text, emit);
  },
};
