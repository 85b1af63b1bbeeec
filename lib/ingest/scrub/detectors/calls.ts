/**
 * Passwords passed to a function by position: `smtp.login("me@x.io", "…")`, `HTTPBasicAuth('u',
 * '…')`, `new NetworkCredential("u", "…")`, `pymysql.connect("db", "root", "…")`,
 * `DriverManager.getConnection(url, "u", "…")`, `new mysqli("h", "u", "…", "db")`, and
 * `auth=("u", "…")` tuples. The callee's name says which argument is the password: the 2nd for
 * log-in and credential calls, the 3rd for connection calls (after host and user, the user a
 * string too). Position is weaker evidence than a `password=` key, so the literal must also read
 * like a password: 6+ characters, letters with a digit or symbol, not a path, URL or prose.
 */
import { execAt, re } from '../registry.ts';
import { ilit } from '../triggers.ts';
import type { Detector, Emit } from '../types.ts';
import { isPathOrUrl, isProse, isReference } from '../values.ts';

/**
 * Names whose calls take a password by position, as the END of the callee's name (`smtpLogin`,
 * `mysql_connect`, `HTTPBasicAuth`), lower-case; and the words a text must hold for any of them.
 */
const NAMES = [
  'login',
  'logon',
  'signin',
  'sign_in',
  'authenticate',
  'authentication',
  'auth',
  'credential',
  'credentials',
  'authenticationtoken',
  'bind_s',
  'simple_bind',
  'connect',
  'getconnection',
  'createconnection',
  'connection',
  'mysqli',
  'pdo',
];
const SEEDS = [
  'login',
  'logon',
  'signin',
  'sign_in',
  'auth',
  'credential',
  'bind',
  'connect',
  'mysqli',
  'pdo',
];
const SEED_TRIGGERS = SEEDS.map(ilit);
/** After a name: the bracket of a call, or `= (`, `: [` of an `auth=("u", "p")` tuple. */
const OPENING = re('call.opening', /[ \t]{0,2}(?:\(|[:=][ \t]{0,2}[([])/y);

/** Largest argument list read. */
const MAX_ARGS = 512;

interface Argument {
  readonly start: number;
  readonly end: number;
  /** Inner span of a string literal argument, or null for any other expression. */
  readonly literal: [number, number] | null;
}

/** Python string prefixes (`r"…"`, `b'…'`). */
const STRING_PREFIXES = new Set(['', 'r', 'b', 'u', 'f', 'R', 'B', 'U', 'F']);

/** Index of the quote closing the string opened at `open`, skipping backslash escapes; -1 if none before `max`. */
function closingQuote(text: string, open: number, max: number): number {
  const q = text.charCodeAt(open);
  for (let i = open + 1; i < max; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === q) return i;
    else if (c === 10) return -1;
  }
  return -1;
}

/**
 * The top-level arguments after the opening bracket at `open` (bounded; strings and nesting
 * respected). An argument is a literal when it is one string, alone (a method call on it aside:
 * `"pw".toCharArray()`).
 */
function readArguments(text: string, open: number): Argument[] {
  const out: Argument[] = [];
  const max = Math.min(text.length, open + 1 + MAX_ARGS);
  let depth = 0;
  let start = open + 1;
  let literal: [number, number] | null = null;
  let strings = 0;
  const finish = (end: number) => out.push({ start, end, literal: strings === 1 ? literal : null });
  for (let i = start; i < max; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39 || c === 96) {
      const close = closingQuote(text, i, max);
      if (close < 0) return out;
      strings++;
      let next = close + 1;
      while (next < max && (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 9)) next++;
      const after = text.charCodeAt(next);
      const alone =
        depth === 0 &&
        STRING_PREFIXES.has(text.slice(start, i).trim()) &&
        (after === 44 || after === 41 || after === 93 || after === 46);
      literal = alone ? [i + 1, close] : null;
      i = close;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (depth === 0) {
        finish(i);
        return out;
      }
      depth--;
    } else if (c === 44 && depth === 0) {
      finish(i);
      start = i + 1;
      literal = null;
      strings = 0;
    } else if (c === 59 && depth === 0) return out;
  }
  return out;
}

/**
 * 6+ characters: letters with a digit or a symbol (`Orbit5951!`, `s3cret`), not a path, URL,
 * prose or reference. Scopes and modes (`write:repo`, `read-only`, `local`) are kept.
 */
function readsLikePassword(v: string): boolean {
  if (v.length < 6 || v.length > 128 || v.includes(' ')) return false;
  if (isReference(v, true) || isPathOrUrl(v) || isProse(v)) return false;
  let letters = false;
  let strong = false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters = true;
    else if ((c >= 48 && c <= 57) || '!@#$%^&*+=?~'.includes(v.charAt(i))) strong = true;
  }
  return letters && strong;
}

function passwordPosition(name: string): number {
  const n = name.toLowerCase();
  if (n.endsWith('connect') || n.endsWith('connection') || n === 'mysqli' || n === 'pdo') return 3;
  return 2;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}

/** The accepted name that `lower` ends with at `end` (the end of an identifier), or undefined. */
function nameEndingAt(lower: string, end: number): string | undefined {
  for (const name of NAMES) if (lower.startsWith(name, end - name.length)) return name;
  return undefined;
}

export const callDetector: Detector = {
  id: 'credential_calls',
  find({ text, alignedLower, triggers }, emit: Emit) {
    if (!SEED_TRIGGERS.some((id) => triggers.has(id))) return;
    const l = alignedLower();
    const seen = new Set<number>();
    SEEDS.forEach((seed, k) => {
      if (!triggers.has(SEED_TRIGGERS[k]!)) return;
      for (let at = l.indexOf(seed); at >= 0; at = l.indexOf(seed, at + seed.length)) {
        // The end of the identifier holding the seed: `mysql_connect(`, `getConnection(`.
        let end = at + seed.length;
        while (end < l.length && end - at < 40 && isNameChar(l.charCodeAt(end))) end++;
        if (seen.has(end)) continue;
        seen.add(end);
        const name = nameEndingAt(l, end);
        const open = name === undefined ? null : execAt(OPENING, text, end);
        if (name === undefined || open === null) continue;
        const args = readArguments(text, end + open[0].length - 1);
        const position = passwordPosition(name);
        const secret = args[position - 1]?.literal;
        // Connection calls: host, then a user that is a string literal too.
        if (secret == null || (position === 3 && args[1]?.literal == null)) continue;
        const [a, b] = secret;
        if (readsLikePassword(text.slice(a, b))) emit(a, b, 'PASSWORD');
      }
    });
  },
};
