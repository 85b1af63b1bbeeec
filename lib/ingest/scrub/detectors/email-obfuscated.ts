/**
 * E-mail addresses written to dodge harvesters: `name(at)domain.com`, `name [at] domain [dot]
 * com`, `name{at}domain{dot}com`, `name@domain[.]com`, `name at domain dot com`. The whole
 * address is replaced. To keep prose (`look at config.json`, `at Module._compile`) a bare ` at `
 * counts only with a bare ` dot ` too, and a real `@` only with an obfuscated dot (plain addresses
 * are the e-mail detector's); the last label must be letters and not a file extension.
 */
import { execAt, forEachAnchor, forEachMatch, re } from '../registry.ts';
import { ilit, lit, type Triggers } from '../triggers.ts';
import type { Detector, Emit } from '../types.ts';
import { isLocalChar, NOT_TLDS } from './email.ts';

/** A local-part character, not `%` (an escape is the e-mail detector's). */
const isPlainLocalChar = (c: number): boolean => c !== 37 && isLocalChar(c);

/** A blank-separated `at` (the bracketed and `@` forms are found from their first character). */
const BARE_AT = re('email_obfuscated.bare_at', /[ \t]at[ \t]/gi);
// Groups: 1 the at-marker's word (`at` or `@`) when bracketed, 2 when blank-separated.
const AT_FORM = re(
  'email_obfuscated.at_form',
  /[ \t]{0,2}[([{<][ \t]{0,2}(at|@)[ \t]{0,2}[)\]}>][ \t]{0,2}|[ \t]{1,2}(at)[ \t]{1,2}|@/iy,
);
const LABEL = re('email_obfuscated.label', /[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?/y);
// Groups: 1 bracketed dot, 2 blank-separated dot; neither: a plain `.`.
const DOT_FORM = re(
  'email_obfuscated.dot_form',
  /[ \t]{0,2}[([{<][ \t]{0,2}(dot|\.)[ \t]{0,2}[)\]}>][ \t]{0,2}|[ \t]{1,2}(dot)[ \t]{1,2}|\./iy,
);

function isLetters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 32;
    if (c < 97 || c > 122) return false;
  }
  return s.length >= 2 && s.length <= 24;
}

/** The obfuscated address whose at-marker starts at `at` (its leading blanks included), as [start, end), or null. */
function addressAt(text: string, at: number): [number, number] | null {
  const m = execAt(AT_FORM, text, at);
  if (m === null) return null;
  let start = at;
  while (start > 0 && at - start < 64 && isPlainLocalChar(text.charCodeAt(start - 1))) start--;
  while (start < at && text.charCodeAt(start) === 46) start++;
  if (start === at) return null;
  const bareAt = m[2] !== undefined;
  const plainAt = m[1] === undefined && m[2] === undefined;
  let i = at + m[0].length;
  let labels = 0;
  let obfuscatedDots = 0;
  let plainDots = 0;
  let end = -1;
  let lastLabel = '';
  for (; labels < 10; labels++) {
    const l = execAt(LABEL, text, i);
    if (l === null) break;
    i += l[0].length;
    lastLabel = l[0];
    if (labels > 0) end = i;
    const d = execAt(DOT_FORM, text, i);
    if (d === null) break;
    // A blank-separated `dot` is one only after a blank-separated `at` (`name at host dot com`).
    if (d[2] !== undefined && !bareAt) break;
    if (d[1] !== undefined || d[2] !== undefined) obfuscatedDots++;
    else plainDots++;
    i += d[0].length;
  }
  if (end < 0 || !isLetters(lastLabel) || NOT_TLDS.has(lastLabel.toLowerCase())) return null;
  if (bareAt && plainDots > 0) return null;
  if (plainAt && obfuscatedDots === 0) return null;
  return [start, end];
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** After the bracket at `i`: blanks, then `at` or `@`? (Cheap test before any pattern runs: brackets are everywhere in code.) */
function bracketsAt(text: string, i: number): boolean {
  let j = i + 1;
  while (j < i + 3 && isBlank(text.charCodeAt(j))) j++;
  const c = text.charCodeAt(j);
  return c === 64 || ((c | 32) === 97 && (text.charCodeAt(j + 1) | 32) === 116);
}

// Cheap gates: each form needs its own literal in the text (brackets, ` at ` and `@` are everywhere).
const BRACKETED_AT = ['(at)', '[at]', '{at}', '<at>', '( at )', '[ at ]', '(@)', '[@]', '{@}', '<@>'].map(
  ilit,
);
const OBFUSCATED_DOT = ['[.]', '(.)', '[dot]', '(dot)', '{dot}', '<dot>', '( dot )', '[ dot ]'].map(ilit);
const BARE_AT_TRIGGER = ilit(' at ');
const BARE_DOT = ilit(' dot ');
const AT_SIGN = lit('@');

/** Emits the address whose marker starts at `at`; returns where scanning resumes. */
function emitAddressAt(text: string, at: number, emit: Emit): number | undefined {
  const address = addressAt(text, at);
  if (address === null) return undefined;
  emit(address[0], address[1], 'EMAIL');
  return address[1];
}

function anyPresent(triggers: Triggers, ids: readonly number[]): boolean {
  for (const id of ids) if (triggers.has(id)) return true;
  return false;
}

export const obfuscatedEmailDetector: Detector = {
  id: 'email_obfuscated',
  find({ text, triggers }, emit) {
    const bareDot = triggers.has(BARE_DOT);
    let anchors = anyPresent(triggers, BRACKETED_AT) ? '([{<' : '';
    if (triggers.has(AT_SIGN) && (bareDot || anyPresent(triggers, OBFUSCATED_DOT))) anchors += '@';
    if (anchors !== '') {
      forEachAnchor(text, anchors, (i) => {
        if (text.charCodeAt(i) === 64) return emitAddressAt(text, i, emit);
        if (!bracketsAt(text, i)) return undefined;
        // The marker starts at the blanks before the bracket.
        let at = i;
        while (at > i - 2 && isBlank(text.charCodeAt(at - 1))) at--;
        return emitAddressAt(text, at, emit);
      });
    }
    if (bareDot && triggers.has(BARE_AT_TRIGGER)) {
      forEachMatch(BARE_AT, text, (m) => {
        let at = m.index;
        if (isBlank(text.charCodeAt(at - 1))) at--;
        return emitAddressAt(text, at, emit);
      });
    }
  },
};
