/**
 * Secrets on command lines: `--password x`, `--token=x`, `mysql -phunter2`, `sshpass -p x`,
 * `redis-cli -a x`, `openssl … -passin pass:x`, `.netrc` lines, and `--username x`.
 */
import { forEachMatch, re } from '../registry.ts';
import { ilit, lit } from '../triggers.ts';
import type { Detector, Emit, PlaceholderType } from '../types.ts';
import { isPathOrUrl, isReference } from '../values.ts';

const LONG_FLAG = re(
  'flag.long_secret',
  /(?<![A-Za-z0-9_-])--(?:[A-Za-z0-9]{1,32}-){0,3}(password|passwd|pass|pwd|token|secret|api-key|apikey|access-key|secret-key|client-secret|auth-token|private-key|access-token|key-password|store-password)(?:=|[ \t]{1,4})("[^"\r\n]{1,512}"|'[^'\r\n]{1,512}'|[^\s"'`]{1,512})/gi,
);
const USERNAME_FLAG = re(
  'flag.username',
  /(?<![A-Za-z0-9_-])--username(?:=|[ \t]{1,4})("[^"\r\n]{1,256}"|'[^'\r\n]{1,256}'|[^\s"'`]{1,256})/g,
);
// Commands whose short flag carries a password: mysql family attached (`-psecret`), the others
// separated (`sshpass -p secret`, `redis-cli -a secret`). The command is found by regex, its
// arguments by a procedural tokenizer over the rest of the command (up to `\n | ; &`).
const ATTACHED_P_COMMAND = re(
  'flag.mysql_command',
  /(?<![A-Za-z0-9_-])(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|mysqlsh)(?=[ \t])/g,
);
const SEPARATED_P_COMMAND = re(
  'flag.password_command',
  /(?<![A-Za-z0-9_-])(?:sshpass|docker[ \t]{1,4}login|podman[ \t]{1,4}login|redis-cli|helm[ \t]{1,4}registry[ \t]{1,4}login)(?=[ \t])/g,
);
const MAX_COMMAND = 1024;

interface Token {
  start: number;
  end: number;
  /** Value span without surrounding quotes. */
  valueStart: number;
  valueEnd: number;
}

/** Shell-ish words of text[from, to): whitespace-separated, quotes kept together. */
function words(text: string, from: number, to: number): Token[] {
  const out: Token[] = [];
  let i = from;
  while (i < to) {
    while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i >= to) break;
    const start = i;
    let quote = 0;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 32 || c === 9) break;
      i++;
    }
    out.push({ start, end: i, valueStart: start, valueEnd: i });
  }
  return out;
}

/** End of the command starting at `from`: next newline, pipe, `;` or `&`, bounded. */
function commandEnd(text: string, from: number): number {
  const max = Math.min(text.length, from + MAX_COMMAND);
  for (let i = from; i < max; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 124 || c === 59 || c === 38) return i;
  }
  return max;
}

/** Inner span of a possibly quoted word part text[start, end). */
function unquoteSpan(text: string, start: number, end: number): [number, number] {
  const c = text.charAt(start);
  if ((c === '"' || c === "'") && end - start >= 2 && text.charAt(end - 1) === c) return [start + 1, end - 1];
  return [start, end];
}

function commandPasswords(text: string, regex: RegExp, attached: boolean, emit: Emit): void {
  let scannedUntil = 0;
  forEachMatch(regex, text, (m) => {
    if (m.index < scannedUntil) return undefined;
    const end = commandEnd(text, m.index);
    scannedUntil = end;
    const ws = words(text, m.index + m[0].length, end);
    for (let k = 0; k < ws.length; k++) {
      const w = ws[k]!;
      const flag = text.slice(w.start, Math.min(w.end, w.start + 2));
      if (attached) {
        if (flag === '-p' && w.end - w.start > 2 && text.charAt(w.start + 2) !== '-') {
          const [a, b] = unquoteSpan(text, w.start + 2, w.end);
          if (b - a >= 2 && !isReference(text.slice(a, b))) emit(a, b, 'PASSWORD');
        }
      } else if ((flag === '-p' || flag === '-a') && w.end - w.start === 2 && k + 1 < ws.length) {
        const v = ws[k + 1]!;
        const [a, b] = unquoteSpan(text, v.start, v.end);
        if (b - a >= 2 && text.charAt(a) !== '-' && !isReference(text.slice(a, b))) emit(a, b, 'PASSWORD');
      }
    }
    return end;
  });
}

const OPENSSL_PASS = re(
  'flag.openssl_pass',
  /(?<![A-Za-z0-9_-])-(?:passin|passout|pass|k)[ \t]{1,4}pass:([^\s"']{1,512})/g,
);
const NETRC = re(
  'netrc',
  /(?<![A-Za-z0-9_-])machine[ \t\r\n]{1,8}[^\s]{1,256}[ \t\r\n]{1,8}login[ \t\r\n]{1,8}([^\s]{1,256})[ \t\r\n]{1,8}password[ \t\r\n]{1,8}([^\s]{1,512})/dg,
);

/** Common non-personal accounts kept as training signal. */
export const GENERIC_ACCOUNTS: ReadonlySet<string> = new Set([
  'git',
  'root',
  'admin',
  'administrator',
  'user',
  'guest',
  'anonymous',
  'ftp',
  'ubuntu',
  'ec2-user',
  'centos',
  'debian',
  'fedora',
  'pi',
  'vagrant',
  'postgres',
  'mysql',
  'www-data',
  'nobody',
  'node',
  'runner',
  'deploy',
  'docker',
  'oauth2',
  'x-access-token',
  'x-token-auth',
  'token',
  'apikey',
  'aws',
  '__token__',
  '_json_key',
  'oauth2accesstoken',
  'username',
]);

function unquote(v: string): { value: string; offset: number } {
  const c = v.charAt(0);
  if ((c === '"' || c === "'") && v.length >= 2 && v.endsWith(c)) return { value: v.slice(1, -1), offset: 1 };
  return { value: v, offset: 0 };
}

/** Emits the (unquoted) value that ends at rawEnd, unless it is a reference like `$PASS`. */
function emitValue(emit: Emit, raw: string, rawEnd: number, type: PlaceholderType): void {
  const { value, offset } = unquote(raw);
  if (value.length < 2 || isReference(value, offset === 1)) return;
  const start = rawEnd - raw.length + offset;
  emit(start, start + value.length, type);
}

const DASH_DASH = lit('--');
const DASH_DASH_USERNAME = lit('--username');
const ATTACHED_P_WORDS = ['mysql', 'mariadb'].map(ilit);
const SEPARATED_P_WORDS = ['sshpass', 'login', 'redis-cli'].map(ilit);
const PASS_COLON = lit('pass:');
const MACHINE = ilit('machine');

export const flagDetector: Detector = {
  id: 'cli_flags',
  find({ text, triggers }, emit) {
    if (triggers.has(DASH_DASH)) {
      forEachMatch(LONG_FLAG, text, (m) => {
        const raw = m[2]!;
        const { value } = unquote(raw);
        if (value.startsWith('-') || isPathOrUrl(value)) return undefined;
        const kw = m[1]!.toLowerCase();
        const type = kw.startsWith('pass') || kw === 'pwd' || kw.endsWith('password') ? 'PASSWORD' : 'SECRET';
        emitValue(emit, raw, m.index + m[0].length, type);
        return undefined;
      });
      if (triggers.has(DASH_DASH_USERNAME)) {
        forEachMatch(USERNAME_FLAG, text, (m) => {
          const raw = m[1]!;
          const { value } = unquote(raw);
          if (value.startsWith('-') || GENERIC_ACCOUNTS.has(value.toLowerCase())) return undefined;
          emitValue(emit, raw, m.index + m[0].length, 'USERNAME');
          return undefined;
        });
      }
    }
    if (ATTACHED_P_WORDS.some((id) => triggers.has(id)))
      commandPasswords(text, ATTACHED_P_COMMAND, true, emit);
    if (SEPARATED_P_WORDS.some((id) => triggers.has(id))) {
      commandPasswords(text, SEPARATED_P_COMMAND, false, emit);
    }
    if (triggers.has(PASS_COLON)) {
      forEachMatch(OPENSSL_PASS, text, (m) => {
        emitValue(emit, m[1]!, m.index + m[0].length, 'PASSWORD');
        return undefined;
      });
    }
    if (triggers.has(MACHINE)) {
      forEachMatch(NETRC, text, (m) => {
        const [loginStart, loginEnd] = m.indices![1]!;
        const [passStart, passEnd] = m.indices![2]!;
        const login = m[1]!;
        if (!GENERIC_ACCOUNTS.has(login.toLowerCase()) && !isReference(login))
          emit(loginStart, loginEnd, 'USERNAME');
        if (!isReference(m[2]!)) emit(passStart, passEnd, 'PASSWORD');
        return undefined;
      });
    }
  },
};
