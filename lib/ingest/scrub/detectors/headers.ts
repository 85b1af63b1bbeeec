/**
 * HTTP credentials: `Authorization:`-style headers (value replaced, auth scheme kept:
 * `Authorization: Bearer <AUTH_HEADER>`), `Cookie:` / `Set-Cookie:` values, curl's `-b name=value`,
 * and `curl -u user:pass` / `--user user:pass` (`<BASIC_AUTH>`).
 */
import { forEachMatch, re } from '../registry.ts';
import { ilit, lit } from '../triggers.ts';
import type { Detector } from '../types.ts';
import { charClasses } from '../validators.ts';
import { isIdentifierPath, isReference } from '../values.ts';

// Groups: 1 multi-part value (Digest, AWS SigV4: rest of line), 2 single-token credential.
const AUTH_HEADER = re(
  'header.auth',
  /(?<![A-Za-z0-9_-])(?:(?:Proxy-)?Authorization|X-Api-Key|Api-Key|X-Auth-Token|X-Access-Token|X-Amz-Security-Token|X-Goog-Api-Key|Private-Token|X-Vault-Token|X-Gitlab-Token|Ocp-Apim-Subscription-Key|X-Functions-Key)\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["'`]?(?:(?:Digest|AWS4-HMAC-SHA256)[ \t]{1,4}([^\r\n"'`\\]{1,4096})|(?:(?:Bearer|Basic|Token|Negotiate|NTLM|Bot|ApiKey|SSWS|token|bearer|basic)[ \t]{1,4})?([^\s"'`\\,;]{1,4096}))/gi,
);

const COOKIE_HEADER = re(
  'header.cookie',
  /(?<![A-Za-z0-9_-])(?:Set-)?Cookie\\?["']?[ \t]{0,4}:[ \t]{0,4}\\?["'`]?([^\r\n"'`\\]{1,4096})/gi,
);
const CURL_COOKIE = re(
  'flag.curl_cookie',
  /(?<![A-Za-z0-9_-])(?:-b|--cookie)[ \t]{1,4}["']?([^\s"']{1,4096})/g,
);

const BASIC_AUTH = re(
  'flag.curl_user',
  /(?<![A-Za-z0-9_-])(?:-u|--user)(?:[ \t]{1,4}|=)["']?([^\s"':=]{0,256}:[^\s"']{0,512})/g,
);

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start) {
    const c = text.charCodeAt(e - 1);
    if (c === 32 || c === 9 || c === 44 || c === 59 || c === 41 || c === 125) e--;
    else break;
  }
  return e;
}

/** A header value without a scheme in code may be a variable: `{ Authorization: token }`. */
function headerValueIsSecret(v: string): boolean {
  if (v.length < 4 || isReference(v) || v.includes('(')) return false;
  if (isIdentifierPath(v)) {
    const k = charClasses(v);
    return v.length >= 20 && k.lower && k.upper && k.digit;
  }
  return true;
}

function uidGid(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c === 58)) return false;
  }
  return true;
}

/**
 * For increasing positions `i`: does `word` occur earlier on the line holding `i`? Both searches
 * only move forward, so all the calls of one scan cost one pass over the text.
 */
function onSameLine(text: string, word: string): (i: number) => boolean {
  let nextWord = text.indexOf(word);
  let lastWord = -1;
  let nextLine = text.indexOf('\n');
  let lastLine = -1;
  return (i) => {
    while (nextWord >= 0 && nextWord < i) {
      lastWord = nextWord;
      nextWord = text.indexOf(word, nextWord + 1);
    }
    while (nextLine >= 0 && nextLine < i) {
      lastLine = nextLine;
      nextLine = text.indexOf('\n', nextLine + 1);
    }
    return lastWord > lastLine;
  };
}

const CURL = lit('curl');
const AUTH_WORDS = ['auth', 'key', 'token'].map(ilit);
const COOKIE = ilit('cookie');
const DASH_B = lit('-b');
const DASH_DASH_COOKIE = ilit('--cookie');
const DASH_U = lit('-u');
const DASH_DASH_USER = lit('--user');

export const headerDetector: Detector = {
  id: 'headers',
  find({ text, triggers }, emit) {
    if (AUTH_WORDS.some((id) => triggers.has(id))) {
      forEachMatch(AUTH_HEADER, text, (m) => {
        const end = m.index + m[0].length;
        const start = end - (m[1] ?? m[2]!).length;
        const e = trimEnd(text, start, end);
        if (e > start && headerValueIsSecret(text.slice(start, e))) emit(start, e, 'AUTH_HEADER');
        return undefined;
      });
    }
    if (triggers.has(COOKIE)) {
      forEachMatch(COOKIE_HEADER, text, (m) => {
        const end = m.index + m[0].length;
        const start = end - m[1]!.length;
        const e = trimEnd(text, start, end);
        const v = text.slice(start, e);
        if (e > start && v.includes('=') && !isReference(v)) emit(start, e, 'COOKIE');
        return undefined;
      });
    }
    if (triggers.has(CURL) && (triggers.has(DASH_B) || triggers.has(DASH_DASH_COOKIE))) {
      // `-b` is curl's cookie flag, but the base DN of `ldapsearch -b dc=example,dc=com`.
      const curlOnLine = onSameLine(text, 'curl');
      forEachMatch(CURL_COOKIE, text, (m) => {
        const v = m[1]!;
        if (v.includes('=') && !isReference(v) && curlOnLine(m.index))
          emit(m.index + m[0].length - v.length, m.index + m[0].length, 'COOKIE');
        return undefined;
      });
    }
    if (triggers.has(DASH_U) || triggers.has(DASH_DASH_USER)) {
      forEachMatch(BASIC_AUTH, text, (m) => {
        const v = m[1]!;
        if (uidGid(v)) return undefined;
        const [user = '', pass = ''] = v.split(':', 2);
        if ((user === '' || isReference(user)) && (pass === '' || isReference(pass))) return undefined;
        emit(m.index + m[0].length - v.length, m.index + m[0].length, 'BASIC_AUTH');
        return undefined;
      });
    }
  },
};
