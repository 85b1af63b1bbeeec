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

/** `$VAR`, `${VAR}`, `%VAR%`, `{{ var }}`, `!Ref X`, `<your-token>`, `process.env.X` … */
export function isReference(v: string): boolean {
  const c = v.charAt(0);
  if (c === '$' || c === '!' || c === '<' || c === '@' || c === '&' || c === '*' || c === ':') return true;
  if (c === '%' && v.endsWith('%')) return true;
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

/** A file path or URL without credentials (`./secrets/db.txt`, `https://vault.example/…`). */
export function isPathOrUrl(v: string): boolean {
  if (v.includes('://')) return !v.includes('@');
  if (v.includes(' ')) return false;
  const c = v.charAt(0);
  if ((c === '/' || c === '.' || c === '~') && v.includes('/')) return true;
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

/** Decides whether a value written after a strong secret keyword is a literal secret. */
export function isLiteralSecret(raw: string, ctx: ValueContext): boolean {
  const v = raw.trim();
  if (v.length < 3) return false;
  if (isReference(v) || isMask(v)) return false;
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
    if (v.includes('.')) return false;
    if (hasDigit(v)) return true;
    // A bare word: a secret in env/shell/YAML style (`PASSWORD=hunter`, `password: hunter` at line
    // end), a variable in code style (`password = password`, `fn(password=password)`, `password: Password,`).
    if (ctx.next === ',' || ctx.next === ')' || ctx.next === ';' || ctx.next === '}') return false;
    if (ctx.separator === '=') return true;
    return ctx.separator.trim() === ':' && ctx.endOfLine;
  }
  return true;
}
