/**
 * Passwords in SQL that are not written `key = value`: `IDENTIFIED BY 'x'` (MySQL, MariaDB,
 * Oracle, also unquoted), `IDENTIFIED WITH plugin BY 'x'`, PostgreSQL's `[ENCRYPTED] PASSWORD 'x'`
 * (CREATE/ALTER ROLE|USER), MySQL's `SET PASSWORD [FOR u] = 'x'` and `PASSWORD('x')`.
 * (`WITH PASSWORD = 'x'` is an assignment and found by the assignment detector.)
 */
import { forEachMatch, re } from '../registry.ts';
import { ilit } from '../triggers.ts';
import type { Detector } from '../types.ts';
import { isProse, isReference } from '../values.ts';

// Groups: 1 '…' (with '' escapes), 2 "…", 3 bare identifier (Oracle).
const IDENTIFIED_BY = re(
  'sql.identified_by',
  /(?<![A-Za-z0-9_])IDENTIFIED(?:[ \t]{1,4}WITH[ \t]{1,4}[A-Za-z0-9_'"]{1,64})?[ \t\r\n]{1,4}BY[ \t\r\n]{1,4}(?:PASSWORD[ \t]{1,4})?(?:'((?:[^'\\\r\n]|\\.|''){1,256})'|"([^"\r\n]{1,256})"|([A-Za-z0-9_#$]{1,128}))/gi,
);
// `PASSWORD 'x'`, `ENCRYPTED PASSWORD 'x'`, `PASSWORD('x')`, `SET PASSWORD FOR 'u'@'h' = 'x'`.
const PASSWORD_LITERAL = re(
  'sql.password_literal',
  /(?<![A-Za-z0-9_])PASSWORD(?:[ \t]{1,4}|[ \t]{0,2}\([ \t]{0,2}|[ \t]{1,4}FOR[ \t]{1,4}[^\s=;]{1,128}[ \t]{0,4}=[ \t]{0,4})(?:'((?:[^'\\\r\n]|\\.|''){1,256})'|"([^"\r\n]{1,256})")/gi,
);

const IDENTIFIED = ilit('identified');
const PASSWORD = ilit('password');

/** Emits the literal of group 1, 2 or 3 when it holds a password, not a bind variable or prose. */
function emitLiteral(m: RegExpExecArray, emit: Parameters<Detector['find']>[1]): void {
  const value = m[1] ?? m[2] ?? m[3];
  if (value === undefined || value.length < 2) return;
  const quoted = m[3] === undefined;
  // Bind variables and format placeholders (`?`, `%s`) carry no value.
  if (isReference(value, quoted) || value === '?' || value.startsWith('%') || isProse(value)) return;
  const end = m.index + m[0].length - (quoted ? 1 : 0);
  emit(end - value.length, end, 'PASSWORD');
}

export const sqlPasswordDetector: Detector = {
  id: 'sql_passwords',
  find({ text, triggers }, emit) {
    if (triggers.has(IDENTIFIED)) {
      forEachMatch(IDENTIFIED_BY, text, (m) => {
        emitLiteral(m, emit);
        return undefined;
      });
    }
    if (triggers.has(PASSWORD)) {
      forEachMatch(PASSWORD_LITERAL, text, (m) => {
        emitLiteral(m, emit);
        return undefined;
      });
    }
  },
};
