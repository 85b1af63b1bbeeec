/**
 * Is a value next to a secret keyword a literal secret, or code that merely refers to one?
 * Shared by the assignment, flag and header detectors. Biased toward redaction for literals and
 * toward keeping references (`$TOKEN`, `process.env.X`, `getToken()`), labels and prose, which
 * carry training signal and no secret.
 */

const LITERAL_WORDS = new Set([
  'true',
  'false',
  'null',
  'nil',
  'none',
  'undefined',
  'yes',
  'no',
  'on',
  'off',
  'required',
  'optional',
  'empty',
  'string',
  'str',
  'number',
  'int',
  'integer',
  'bool',
  'boolean',
  'bytes',
  'any',
  'unknown',
  'object',
  'secretstr',
  'option',
  'await',
  'new',
  'this',
  'self',
  'function',
  'lambda',
  'return',
  'void',
  'text',
  'varchar',
  'password',
  'hidden',
]);

const REFERENCE_MARKERS = [
  '${',
  '{{',
  '#{',
  'process.env',
  'os.environ',
  'getenv',
  'env[',
  'env.',
  'secrets.',
  'vault:',
  'ssm:',
  'arn:aws:',
  'keyvault',
];

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** text[from…] is an identifier up to the end (`DB_PASS`, `pw2`; with dots, a path: `cfg.db_pw`). */
function identifierToEnd(v: string, from: number, allowDots = false): boolean {
  let segmentStart = true;
  for (let i = from; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (allowDots && c === 46 && !segmentStart) segmentStart = true;
    else if (segmentStart ? isIdentStart(c) : isIdentChar(c)) segmentStart = false;
    else return false;
  }
  return !segmentStart;
}

/** `<your-token>`, `<PASSWORD>`, `<db password here>`: a placeholder, letters and a little punctuation. */
function isAnglePlaceholder(v: string): boolean {
  if (v.length < 3 || !v.endsWith('>')) return false;
  for (let i = 1; i < v.length - 1; i++) {
    const c = v.charCodeAt(i);
    if (!(isIdentStart(c) || c === 32 || c === 45 || c === 46)) return false;
  }
  return true;
}

/**
 * A reference to a secret rather than the secret: `$VAR`, `${VAR}`, `$(cmd)`, `%VAR%`, `{{ var }}`,
 * `<your-token>`, `process.env.X`, `vault:…`, and, outside quotes only, YAML tags, anchors and
 * aliases (`!Ref DbPassword`, `&pw`, `*pw`), SQL/Ruby variables and symbols (`@pw`, `:pw`).
 * Inside quotes those characters are just characters: `"@Secr3t!"`, `"*Star5"` are literals.
 * A value is judged by its whole form, not its first character: `$uper$ecret9`, `!Hunter2` and
 * `<Orbit>5951` are literals.
 */
export function isReference(v: string, quoted = false): boolean {
  const c = v.charCodeAt(0);
  if (c === 36) {
    // $VAR, ${VAR}, $(cmd), $env:VAR, $1
    const d = v.charCodeAt(1);
    if (d === 123 || d === 40) return true;
    if (v.toLowerCase().startsWith('$env:')) return identifierToEnd(v, 5);
    let digits = v.length > 1;
    for (let i = 1; i < v.length; i++) if (!(v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57)) digits = false;
    return digits || identifierToEnd(v, 1);
  }
  if (c === 37 && v.endsWith('%') && v.length > 2) return true; // %VAR%
  if (c === 60) return isAnglePlaceholder(v) || v.startsWith('<%') || v.startsWith('<<');
  if (!quoted) {
    // YAML tag (`!Ref`, `!vault`): a name without digits; anchors, aliases, variables and symbols: identifiers.
    if (c === 33) return v.length > 1 && !hasDigit(v) && identifierToEnd(v.replaceAll('::', ''), 1);
    if (c === 64 || c === 38 || c === 42 || c === 58) return identifierToEnd(v, 1, c === 64);
  }
  const l = v.toLowerCase();
  for (const m of REFERENCE_MARKERS) if (l.includes(m)) return true;
  return l.startsWith('enc[') || l.startsWith('env(') || l.startsWith('file:') || l.startsWith('op://');
}

/** Masked or dummy values: `***`, `xxxx`, `....`, `••••`. */
function isMask(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charAt(i);
    if (
      c !== '*' &&
      c !== 'x' &&
      c !== 'X' &&
      c !== '.' &&
      c !== '-' &&
      c !== '_' &&
      c !== '•' &&
      c !== '#'
    ) {
      return false;
    }
  }
  return true;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Two or more space-separated words of letters: a UI label or message, not a secret. */
export function isProse(v: string): boolean {
  const words = v.trim().split(' ');
  if (words.length < 2) return false;
  for (const w of words) {
    let letters = 0;
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      if (isLetter(c)) letters++;
      else if (c !== 46 && c !== 44 && c !== 33 && c !== 63 && c !== 58 && c !== 39) return false; // . , ! ? : '
    }
    if (letters === 0) return false;
  }
  return true;
}

/** An identifier or member path (`config.db.password`), i.e. code, unless it carries digits. */
export function isIdentifierPath(v: string): boolean {
  let start = true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 46) {
      if (start) return false;
      start = true;
      continue;
    }
    const ok = isLetter(c) || c === 95 || c === 36 || (!start && c >= 48 && c <= 57);
    if (!ok) return false;
    start = false;
  }
  return !start;
}

function hasDigit(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function isPathChar(c: number): boolean {
  return isIdentChar(c) || c === 46 || c === 47 || c === 45 || c === 126 || c === 64 || c === 43;
}

/**
 * A file path or URL without credentials (`./secrets/db.txt`, `/run/secrets/db`,
 * `https://vault.example/…`). A rooted value must look like a path: path characters only, and
 * a second segment, a file extension or a name without digits — `/hunter2` or `/Xk9$mQ` is not.
 */
export function isPathOrUrl(v: string): boolean {
  if (v.includes('://')) return !v.includes('@');
  if (v.includes(' ')) return false;
  const c = v.charAt(0);
  if ((c === '/' || c === '.' || c === '~') && v.includes('/')) {
    for (let i = 0; i < v.length; i++) if (!isPathChar(v.charCodeAt(i))) return false;
    const firstSlash = v.indexOf('/');
    if (v.indexOf('/', firstSlash + 1) > firstSlash + 1 || c !== '/') return true;
    // One rooted segment: a directory name (`/app`, `/data`) unless it carries a digit.
    if (!hasDigit(v)) return true;
  }
  const dot = v.lastIndexOf('.');
  if (dot > 0) {
    const ext = v.slice(dot + 1).toLowerCase();
    return FILE_EXTENSIONS.has(ext);
  }
  return false;
}

export const FILE_EXTENSIONS: ReadonlySet<string> = new Set([
  'txt',
  'pem',
  'key',
  'json',
  'yaml',
  'yml',
  'env',
  'crt',
  'cer',
  'p12',
  'pfx',
  'jks',
  'gpg',
  'asc',
  'conf',
  'cfg',
  'ini',
  'toml',
  'xml',
]);

export interface ValueContext {
  /** The key as written (e.g. `DB_PASSWORD`), lower-cased words compared. */
  readonly key: string;
  readonly quoted: boolean;
  /** Separator as written, e.g. `=`, ` = `, `: `. */
  readonly separator: string;
  /** The character right after the value (after the closing quote when quoted), or '' at end. */
  readonly next: string;
  /** True when only whitespace follows the value on its line. */
  readonly endOfLine: boolean;
  /** The key ends with a secret word; a bare number is only a secret then (`PIN=4821`, not `TOKEN_TTL=3600`). */
  readonly keyEndsWithSecretWord: boolean;
}

function isNumber(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c === 46 || c === 95)) return false;
  }
  return true;
}

/** Objects a member path in code starts from (`config.db.password`, `self.pw2`). */
const RECEIVERS = new Set(
  (
    'self this cls config cfg conf settings setting options opts props env process os sys args argv params ' +
    'ctx context req request res response resp secrets secret vars creds credentials app data user form values ' +
    'input state obj result payload body kwargs module exports window document global globals system object ' +
    'item row record entry account db database auth vault keys parsed json yaml toml ini store session profile ' +
    'client server conn connection opts2 cfg2 environment properties prefs'
  ).split(' '),
);
const SECRET_FRAGMENTS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cred'];

/**
 * `PASSWORD=Orbit5951.XYX` (a literal) or `password = settings.db.password` (code)? A member
 * path starts from a known object or names a secret in one of its segments; a literal carries a
 * digit, or stands in an env-style assignment (`UPPER_KEY=value`, no blanks).
 */
function dottedIsLiteral(v: string, ctx: ValueContext): boolean {
  const segments = v.split('.');
  if (RECEIVERS.has(segments[0]!.toLowerCase())) return false;
  const l = v.toLowerCase();
  if (SECRET_FRAGMENTS.some((f) => l.includes(f))) return false;
  if (hasDigit(v)) return true;
  return ctx.separator === '=' && ctx.key === ctx.key.toUpperCase();
}

/** Decides whether a value written after a strong secret keyword is a literal secret. */
export function isLiteralSecret(raw: string, ctx: ValueContext): boolean {
  const v = raw.trim();
  if (v.length < 3) return false;
  if (isReference(v, ctx.quoted) || isMask(v)) return false;
  const l = v.toLowerCase();
  if (LITERAL_WORDS.has(l)) return false;
  if (isPathOrUrl(v)) return false;
  // A label equal to the key's own name: `"password": "Password"`.
  if (ctx.key.toLowerCase() === l) return false;
  if (ctx.quoted) return !isProse(v);
  if (isNumber(v) && !ctx.keyEndsWithSecretWord) return false;
  // Unquoted: code expressions are references.
  if (ctx.next === '(' || ctx.next === '[' || ctx.next === '.' || ctx.next === '?') return false;
  if (isIdentifierPath(v)) {
    if (v.includes('.')) return dottedIsLiteral(v, ctx);
    if (hasDigit(v)) return true;
    // A bare word: a secret in env/shell/YAML style (`PASSWORD=hunter`, `password: hunter` at line
    // end), a variable in code style (`password = password`, `fn(password=password)`, `password: Password,`).
    if (ctx.next === ',' || ctx.next === ')' || ctx.next === ';' || ctx.next === '}') return false;
    if (ctx.separator === '=') return true;
    return ctx.separator.trim() === ':' && ctx.endOfLine;
  }
  return true;
}
