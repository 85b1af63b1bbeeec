/**
 * `password = "…"`, `SECRET_KEY: …`, `export TOKEN=…`, `"apiKey": "…"`, `-Dkeystore.password=…`.
 * The regex finds `key <sep> value`; the key is classified by its words (keywords.ts: `dbPassword`,
 * `PGPASSWORD`, `api-key`, not `tokenizer` or `PASSWORD_MIN_LENGTH`) and the value by its form
 * (values.ts). Only the value is replaced, so the key and
 * syntax stay as training signal: `export API_KEY=<SECRET>`.
 */

import { looksRandom } from '../entropy.ts';
import { classifyKey } from '../keywords.ts';
import { execAt, re } from '../registry.ts';
import { ilit, type Triggers } from '../triggers.ts';
import type { Detector } from '../types.ts';
import { isLiteralSecret, isReference } from '../values.ts';

// Tried at the start of each key that mentions a secret fragment and has a separator after it:
// a whole key token (start-of-run lookbehind), the separator, then the value. Groups: 1 key, 2 closing key quote, 3 separator,
// 4 \"…\", 5 "…", 6 '…', 7 `…`, 8 bare. Bare values stop before '=' (then allow base64 padding)
// so `a=b=c…` costs O(1) per attempt; an accepted bare value is extended procedurally.
const ASSIGNMENT = re(
  'assign.key_value',
  /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,96})(\\?["']?)([ \t]{0,3}(?::=|=>|==|[:=])[ \t]{0,3})(?:\\"([^"\\\r\n]{0,512})\\"|"((?:[^"\\\r\n]|\\.){0,512})"|'((?:[^'\\\r\n]|\\.){0,512})'|`([^`\\$\r\n]{0,512})`|([^\s"'`,;()[\]{}<>=]{1,256}={0,2}))/y,
);

function isKeyChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46
  );
}

const SECRET_FRAGMENTS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cred', 'salt', 'sig'];
const FRAGMENT_TRIGGERS = SECRET_FRAGMENTS.map(ilit);
/** Any of these in the text (case-insensitively) lets the detector run at all. */
const TRIGGERS = [...SECRET_FRAGMENTS.filter((f) => f !== 'sig'), 'signature'].map(ilit);

/** Value chars a bare value may continue with after the regex stopped at '='. */
function isBareChar(c: number): boolean {
  return !(
    c <= 32 ||
    c === 34 ||
    c === 39 ||
    c === 96 ||
    c === 44 ||
    c === 59 ||
    c === 40 ||
    c === 41 ||
    c === 91 ||
    c === 93 ||
    c === 123 ||
    c === 125 ||
    c === 60 ||
    c === 62
  );
}

function restOfLineBlank(text: string, from: number): boolean {
  for (let i = from; i < text.length && i < from + 256; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** A separator (`:`, `=`, `:=`, `=>`) follows the key ending at `end`, after `\`, a quote and blanks as ASSIGNMENT allows. */
function separatorAfter(text: string, end: number): boolean {
  let i = end;
  if (text.charCodeAt(i) === 92) i++;
  if (text.charCodeAt(i) === 34 || text.charCodeAt(i) === 39) i++;
  for (let n = 0; n < 3 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9); n++) i++;
  const c = text.charCodeAt(i);
  return c === 58 || c === 61;
}

/**
 * Start offsets of the keys that mention a secret fragment and are followed by a separator, in
 * order. Found from the fragments (rare) rather than from every `:` and `=` (everywhere in code).
 */
function secretKeyStarts(text: string, lower: string, triggers: Triggers): number[] {
  const starts = new Set<number>();
  for (let k = 0; k < SECRET_FRAGMENTS.length; k++) {
    if (!triggers.has(FRAGMENT_TRIGGERS[k]!)) continue;
    const f = SECRET_FRAGMENTS[k]!;
    for (let at = lower.indexOf(f); at >= 0; at = lower.indexOf(f, at + 1)) {
      let start = at;
      while (start > 0 && at - start < 96 && isKeyChar(text.charCodeAt(start - 1))) start--;
      let end = at + f.length;
      while (end < text.length && end - start < 97 && isKeyChar(text.charCodeAt(end))) end++;
      if (separatorAfter(text, end)) starts.add(start);
    }
  }
  return [...starts].sort((a, b) => a - b);
}

export const assignmentDetector: Detector = {
  id: 'assignment',
  find({ text, alignedLower, triggers }, emit) {
    if (!TRIGGERS.some((id) => triggers.has(id))) return;
    let resumeAt = 0;
    for (const keyStart of secretKeyStarts(text, alignedLower(), triggers)) {
      if (keyStart < resumeAt) continue;
      // `"$PWD":/app`: a variable being used, not a key being set.
      if (text.charCodeAt(keyStart - 1) === 36) continue;
      const m = execAt(ASSIGNMENT, text, keyStart);
      if (m === null) continue;
      const key = m[1]!;
      const verdict = classifyKey(key);
      // Rejected keys let scanning go on at the value, so `OPTS="--password=x"` is still seen.
      if (!verdict) continue;
      const quotedValue = m[4] ?? m[5] ?? m[6] ?? m[7];
      const quoted = quotedValue !== undefined;
      const matchEnd = m.index + m[0].length;
      const value = quoted ? quotedValue : m[8]!;
      const closeLen = m[4] !== undefined ? 2 : quoted ? 1 : 0;
      const valueStart = matchEnd - closeLen - value.length;
      let valueEnd = matchEnd - closeLen;
      const after = matchEnd;
      const secret = verdict.strong
        ? isLiteralSecret(value, {
            key,
            quoted,
            separator: m[3]!,
            next: text.charAt(after),
            endOfLine: restOfLineBlank(text, after),
            keyEndsWithSecretWord: verdict.endsWithSecretWord,
          })
        : !isReference(value, quoted) && looksRandom(value);
      if (!secret) continue;
      // A bare value stopped at '=': extend over the rest of it now that it is accepted.
      if (!quoted) {
        while (
          valueEnd < text.length &&
          valueEnd - valueStart < 1024 &&
          isBareChar(text.charCodeAt(valueEnd))
        ) {
          valueEnd++;
        }
      }
      emit(valueStart, valueEnd, verdict.type);
      // Keys inside an accepted value are part of it.
      resumeAt = Math.max(after, valueEnd);
    }
  },
};
