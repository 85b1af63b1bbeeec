/**
 * Which keys name a secret. A key (`DB_PASSWORD`, `clientSecret`, `api-key`) is split into words;
 * the words decide whether it names a secret, how sure we are, and the placeholder type.
 */
import type { PlaceholderType } from './types.ts';

const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pass', 'pw']);
const STRONG_WORDS = new Set([
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'creds',
  'authtoken',
  'accesstoken',
  'bearer',
]);
/**
 * Words that make a following `key` a secret (`signing_key`, `DD_APP_KEY`, `sendgrid_key`); a bare
 * `key` needs entropy. Provider names are those of gitleaks' rules that find a key by the
 * provider's name next to it (datadog-access-token, algolia-api-key, …).
 */
const KEY_QUALIFIERS = new Set([
  'app',
  'application',
  'admin',
  'write',
  'ingest',
  'insert',
  'auth',
  'dd',
  'datadog',
  'sendgrid',
  'twilio',
  'mailgun',
  'mailchimp',
  'algolia',
  'stripe',
  'heroku',
  'okta',
  'sentry',
  'newrelic',
  'pagerduty',
  'cloudflare',
  'fastly',
  'contentful',
  'segment',
  'mapbox',
  'api',
  'access',
  'private',
  'secret',
  'signing',
  'encryption',
  'master',
  'hmac',
  'jwt',
  'session',
  'license',
  'account',
  'storage',
  'subscription',
  'shared',
  'client',
]);
const WEAK_WORDS = new Set(['key', 'auth', 'signature', 'salt', 'sig']);

/** A key ending in one of these names metadata about a secret, not the secret. */
const DENY_LAST = new Set(
  (
    'type types url uri urls endpoint name names length len min max count limit file files path dir field fields ' +
    'label prompt hint placeholder policy policies expiry expires expiration expire ttl lifetime header headers ' +
    'param params regex pattern validator validation strength changed input form visible shown enabled disabled ' +
    'format mode style class component error errors message msg text title icon index idx pos position kind ' +
    'manager provider service store cache prefix suffix size bytes bits rounds iterations algorithm alg cost ' +
    'version ref source env var arn parameter column table query host port user username email login required ' +
    'needed set reset age timeout interval delay duration at on ready valid invalid ok status state request ' +
    'response handler callback fn func list map dict keys values schema spec meta info help description desc doc ' +
    'docs example sample id ids uuid hint hash? selector locator button btn link route screen page view modal ' +
    'dialog event events option options config settings flag flags seconds secs sec ms millis minutes mins ' +
    'hours days attempts retries tries lockout'
  ).split(' '),
);
/** A key starting with one of these is a flag or accessor (`showPassword`, `isTokenValid`). */
const DENY_FIRST = new Set(
  'is has show hide toggle forgot use enable disable should can must require requires validate check get on handle num total no with without'.split(
    ' ',
  ),
);

export interface KeyVerdict {
  readonly type: PlaceholderType;
  /** The key's last word is itself a secret word (`DB_PASSWORD`, not `TOKEN_REFRESH_WINDOW`). */
  readonly endsWithSecretWord: boolean;
  /** Strong: any literal value is a secret. Weak: only a high-entropy value is. */
  readonly strong: boolean;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** Splits `DB_PASSWORD`, `clientSecretValue`, `api-key` into lower-case words. */
export function keyWords(key: string): string[] {
  const words: string[] = [];
  let cur = '';
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!(isUpper(c) || isLower(c) || (c >= 48 && c <= 57))) {
      if (cur) words.push(cur);
      cur = '';
      continue;
    }
    // camelCase boundary: lower followed by upper.
    if (isUpper(c) && cur && isLower(key.charCodeAt(i - 1))) {
      words.push(cur);
      cur = '';
    }
    cur += key.charAt(i).toLowerCase();
  }
  if (cur) words.push(cur);
  return words;
}

/** Verdict for a key, or undefined when it does not name a secret. */
export function classifyKey(key: string): KeyVerdict | undefined {
  const words = keyWords(key);
  if (words.length === 0) return undefined;
  const last = words[words.length - 1]!;
  if (DENY_LAST.has(last) || DENY_FIRST.has(words[0]!)) return undefined;
  let password = false;
  let strong = false;
  let weak = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (PASSWORD_WORDS.has(w) || (w.length > 8 && w.endsWith('password'))) password = true;
    else if (STRONG_WORDS.has(w) || w.endsWith('secret') || w.endsWith('token')) strong = true;
    else if (w === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)) strong = true;
    else if (
      w.endsWith('apikey') ||
      w.endsWith('accesskey') ||
      w.endsWith('secretkey') ||
      w.endsWith('privatekey')
    ) {
      strong = true;
    } else if (WEAK_WORDS.has(w)) weak = true;
  }
  const endsWithSecretWord =
    PASSWORD_WORDS.has(last) || STRONG_WORDS.has(last) || WEAK_WORDS.has(last) || last.endsWith('password');
  if (password) return { type: 'PASSWORD', strong: true, endsWithSecretWord };
  if (strong) return { type: 'SECRET', strong: true, endsWithSecretWord };
  if (weak) return { type: 'SECRET', strong: false, endsWithSecretWord };
  return undefined;
}
