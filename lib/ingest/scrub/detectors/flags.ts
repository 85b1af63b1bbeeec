/**
 * Secrets in long flags: `--password x`, `--token=x`, `gpg --passphrase x`, `--account-key x`;
 * `openssl … -passin pass:x`, `.netrc` lines, and `--username x`. Short flags and positional
 * arguments of particular commands (`mysql -pX`, `zip -P X`, `vault login X`) are in commands.ts.
 */
import { forEachMatch, re } from '../registry.ts';
import { ilit, lit } from '../triggers.ts';
import type { Detector, Emit, PlaceholderType } from '../types.ts';
import { isPathOrUrl, isReference } from '../values.ts';

const LONG_FLAG = re(
  'flag.long_secret',
  /(?<![A-Za-z0-9_-])--(?:[A-Za-z0-9]{1,32}-){0,3}(password|passwd|passphrase|pass|pwd|token|secret|api-key|apikey|access-key|account-key|secret-key|client-secret|auth-token|private-key|access-token|key-password|store-password|sas-token|master-key|encryption-key|signing-key|license-key)(?:=|[ \t]{1,4})("[^"\r\n]{1,512}"|'[^'\r\n]{1,512}'|[^\s"'`]{1,512})/gi,
);
const USERNAME_FLAG = re(
  'flag.username',
  /(?<![A-Za-z0-9_-])--username(?:=|[ \t]{1,4})("[^"\r\n]{1,256}"|'[^'\r\n]{1,256}'|[^\s"'`]{1,256})/g,
);
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
        const type: PlaceholderType =
          kw.startsWith('pass') || kw === 'pwd' || kw.endsWith('password')
            ? 'PASSWORD'
            : kw === 'account-key' || kw === 'sas-token'
              ? 'AZURE_KEY'
              : 'SECRET';
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
