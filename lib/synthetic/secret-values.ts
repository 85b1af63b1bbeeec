/**
 * Fresh secret and personal-data values, shaped like the real thing (valid Luhn digits,
 * valid IBAN check digits, JWT structure, …) so that detectors are tested on what they will
 * meet. Every value is random per draw: a leak check searches storage for the exact strings.
 */
import type { Rng } from './prng.ts';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export const awsAccessKeyId = (rng: Rng): string =>
  `${rng.pick(['AKIA', 'ASIA'])}${rng.fromAlphabet(B32, 16)}`;
export const awsSecretKey = (rng: Rng): string => rng.fromAlphabet(B64, 40);
export const githubToken = (rng: Rng): string =>
  rng.chance(0.8)
    ? `${rng.pick(['ghp_', 'gho_', 'ghs_'])}${rng.alnum(36)}`
    : `github_pat_${rng.alnum(22)}_${rng.alnum(59)}`;
export const slackToken = (rng: Rng): string => `xoxb-${rng.digits(12)}-${rng.digits(13)}-${rng.alnum(24)}`;
/** A long random key meant to be caught next to a keyword such as `api_key`. */
export const apiKey = (rng: Rng): string => rng.pick([rng.hex(40), rng.alnum(32), `sk_${rng.alnum(40)}`]);

function b64url(json: string): string {
  return Buffer.from(json).toString('base64url');
}

export function jwt(rng: Rng): string {
  const header = b64url(JSON.stringify({ alg: rng.pick(['HS256', 'RS256']), typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      sub: rng.uuid(),
      iat: 1700000000 + rng.int(0, 9e7),
      scope: rng.pick(['read', 'admin']),
    }),
  );
  return `${header}.${payload}.${rng.fromAlphabet(B64URL, 43)}`;
}

/** PEM private key: the lines to embed, and the body lines (the secret part) to search for. */
export function privateKey(rng: Rng): { lines: string[]; body: string[] } {
  const label = rng.pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'EC PRIVATE KEY']);
  const body: string[] = [];
  const n = rng.int(3, 6);
  for (let i = 0; i < n; i++) body.push(rng.fromAlphabet(B64, i === n - 1 ? rng.int(20, 60) : 64));
  return { lines: [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`], body };
}

const WORDS = ['Falcon', 'Maple', 'Orbit', 'Quartz', 'Tundra', 'Velvet', 'Harbor', 'Cobalt', 'Saffron'];
/** URL-safe (no `@ : / % ? #` or quotes), so it can sit in userinfo and in quoted assignments. */
export const password = (rng: Rng): string =>
  rng.pick([
    `${rng.pick(WORDS)}${rng.digits(4)}${rng.pick(['!', '*', '-', '_', '.'])}${rng.alnum(3)}`,
    rng.alnum(rng.int(14, 20)),
    `${rng.alnum(6)}-${rng.alnum(6)}-${rng.alnum(6)}`,
  ]);

export function phone(rng: Rng): string {
  return rng.pick([
    () => `+1 (${rng.int(201, 989)}) 555-01${rng.digits(2)}`,
    () => `${rng.int(201, 989)}-555-01${rng.digits(2)}`,
    () => `+44 20 7946 0${rng.digits(3)}`,
    () => `+49 30 ${rng.digits(8)}`,
    () => `+33 6 ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)}`,
  ])();
}

/** US SSN in valid ranges (area not 000, 666 or 9xx; group and serial not zero). */
export function ssn(rng: Rng): string {
  let area = rng.int(1, 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(rng.int(1, 99)).padStart(2, '0')}-${String(rng.int(1, 9999)).padStart(4, '0')}`;
}

function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function luhnValid(digits: string): boolean {
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits.slice(-1));
}

/** A Luhn-valid Visa, Mastercard or Amex number, grouped the way people type them. */
export function card(rng: Rng): string {
  const [prefix, length] = rng.pick([
    ['4', 16],
    [`5${rng.int(1, 5)}`, 16],
    [rng.pick(['34', '37']), 15],
  ] as const);
  const payload = prefix + rng.digits(length - prefix.length - 1);
  const digits = payload + luhnCheckDigit(payload);
  const sep = rng.pick(['', ' ', '-']);
  if (sep === '') return digits;
  const groups = length === 15 ? [4, 6, 5] : [4, 4, 4, 4];
  const out: string[] = [];
  let at = 0;
  for (const g of groups) {
    out.push(digits.slice(at, at + g));
    at += g;
  }
  return out.join(sep);
}

function ibanCheck(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`;
  let rem = 0;
  for (const ch of rearranged) {
    const v = /[0-9]/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return String(98 - rem).padStart(2, '0');
}

/** A checksum-valid IBAN (DE, GB, NL, FR), compact or in groups of four. */
export function iban(rng: Rng): string {
  const [country, bban] = rng.pick([
    ['DE', rng.digits(18)],
    ['GB', `${rng.pick(['NWBK', 'BARC', 'HBUK'])}${rng.digits(14)}`],
    ['NL', `${rng.pick(['ABNA', 'INGB', 'RABO'])}${rng.digits(10)}`],
    ['FR', rng.digits(23)],
  ] as const);
  const compact = `${country}${ibanCheck(country, bban)}${bban}`;
  return rng.chance(0.5) ? compact : (compact.match(/.{1,4}/g) ?? []).join(' ');
}

export function ipv4(rng: Rng): string {
  return rng.pick([
    () => `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(2, 254)}`,
    () => `192.168.${rng.int(0, 255)}.${rng.int(2, 254)}`,
    () => `172.${rng.int(16, 31)}.${rng.int(0, 255)}.${rng.int(2, 254)}`,
    () => `${rng.pick([52, 54, 34, 35, 18, 3])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(2, 254)}`,
  ])();
}

export const ipv6 = (rng: Rng): string =>
  `2001:db8:${rng.hex(4)}:${rng.hex(4)}::${rng.hex(rng.int(1, 4)).replace(/^0+(?=.)/, '')}`;

export const mac = (rng: Rng): string =>
  Array.from({ length: 6 }, () => rng.hex(2)).join(rng.pick([':', '-']));

// Classes added for issue 10: provider tokens, dates of birth, spaced phones, and the everyday
// disguises (invisible characters, percent-encoding, base64) a secret still reaches storage in.

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A provider token with a documented prefix (Hugging Face, SendGrid, Vault, Twilio, Shopify). */
export function providerToken(rng: Rng): string {
  return rng.pick([
    () => `hf_${rng.fromAlphabet(LETTERS, 32)}Qk`,
    () => `SG.${rng.fromAlphabet(B64URL, 22)}.${rng.fromAlphabet(B64URL, 43)}`,
    () => vaultToken(rng),
    () => `SK${rng.hex(30)}a7`,
    () => `shpat_${rng.hex(32)}`,
  ])();
}

export function vaultToken(rng: Rng): string {
  return `hvs.${rng.fromAlphabet(B64URL, 95)}`;
}

/** A date of birth between 1955 and 2003, in one of the ways people write it. */
export function dateOfBirth(rng: Rng): string {
  const y = rng.int(1955, 2003);
  const m = rng.int(1, 12);
  const d = rng.int(1, 28);
  const pad = (n: number) => String(n).padStart(2, '0');
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  return rng.pick([
    () => `${y}-${pad(m)}-${pad(d)}`,
    () => `${pad(d)}/${pad(m)}/${y}`,
    () => `${d} ${months[m - 1]} ${y}`,
  ])();
}

/** A North American number written with blanks: `415 555 0134` (no N11 service area code). */
export function spacedPhone(rng: Rng): string {
  const area = rng.int(201, 989);
  return `${area % 100 === 11 ? area + 1 : area} 555 01${rng.digits(2)}`;
}

/** An address written to dodge harvesters: `name(at)domain.com`, `name [at] domain [dot] com`. */
export function obfuscatedEmail(rng: Rng, local: string, domain: string): string {
  const [host, ...rest] = domain.split('.');
  return rng.pick([
    () => `${local}(at)${domain}`,
    () => `${local} [at] ${host} [dot] ${rest.join(' [dot] ')}`,
    () => `${local} at ${host} dot ${rest.join(' dot ')}`,
  ])();
}

const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u202E'];

/** `value` with a zero-width or bidi character after every few characters. */
export function withInvisibles(rng: Rng, value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    out += value.charAt(i);
    if (i > 0 && i < value.length - 1 && i % 5 === 0) out += rng.pick(INVISIBLE);
  }
  return out;
}

/** Every character outside `[A-Za-z0-9]` as `%XX`. */
export const percentEncode = (value: string): string =>
  value.replace(/[^A-Za-z0-9]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/** A password that starts with a character that also opens references (`@`, `$`, `!`, `*`, `:`): `@Orbit5951!x3`. */
export const punctuatedPassword = (rng: Rng): string =>
  `${rng.pick(['@', '$', '!', '*', ':', '/'])}${rng.pick(WORDS)}${rng.digits(4)}${rng.pick(['!', '#', '%', '.'])}${rng.alnum(3)}`;
