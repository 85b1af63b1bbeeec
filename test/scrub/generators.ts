/** fast-check generators of valid-shaped secrets and personal data, and of benign host text. */
import fc from 'fast-check';
import { BENIGN } from './fixtures/benign.ts';

const chars = (alphabet: string, n: number) =>
  fc.array(fc.constantFrom(...alphabet.split('')), { minLength: n, maxLength: n }).map((a) => a.join(''));
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const DIGITS = '0123456789';

export const awsKeyId = fc
  .tuple(fc.constantFrom('AKIA', 'ASIA'), chars(UPPER_NUM, 16))
  .map(([p, s]) => p + s);
export const githubToken = fc
  .tuple(fc.constantFrom('ghp_', 'gho_', 'ghs_', 'ghu_', 'ghr_'), chars(ALNUM, 36))
  .map(([p, s]) => p + s);
export const slackToken = fc
  .tuple(fc.constantFrom('xoxb', 'xoxp', 'xoxa'), chars(DIGITS, 12), chars(ALNUM, 24))
  .map(([p, a, b]) => `${p}-${a}-${b}`);
export const stripeKey = fc
  .tuple(fc.constantFrom('sk_live_', 'rk_live_', 'sk_test_'), chars(ALNUM, 24))
  .map(([p, s]) => p + s);
export const npmToken = chars(ALNUM, 36).map((s) => `npm_${s}`);

function luhnComplete(body: string): string {
  for (let d = 0; d <= 9; d++) {
    const c = body + d;
    let sum = 0;
    for (let i = 0; i < c.length; i++) {
      let v = c.charCodeAt(c.length - 1 - i) - 48;
      if (i % 2 === 1) {
        v *= 2;
        if (v > 9) v -= 9;
      }
      sum += v;
    }
    if (sum % 10 === 0) return c;
  }
  return body;
}

export const card = fc
  .tuple(
    fc.constantFrom(
      { p: '4', n: 16 },
      { p: '51', n: 16 },
      { p: '55', n: 16 },
      { p: '37', n: 15 },
      { p: '6011', n: 16 },
    ),
    fc.constantFrom('', ' ', '-'),
  )
  .chain(([{ p, n }, sep]) =>
    chars(DIGITS, n - p.length - 1).map((mid) => {
      const d = luhnComplete(p + mid);
      if (sep === '') return d;
      if (n === 15) return [d.slice(0, 4), d.slice(4, 10), d.slice(10)].join(sep);
      return d.match(/.{4}/g)!.join(sep);
    }),
  );

function ibanFor(country: string, bban: string): string {
  let rem = 0;
  for (const ch of `${bban}${country}00`) {
    const c = ch.charCodeAt(0);
    rem = c >= 65 ? (rem * 100 + (c - 55)) % 97 : (rem * 10 + (c - 48)) % 97;
  }
  return `${country}${String(98 - rem).padStart(2, '0')}${bban}`;
}

export const ibanGen = fc.oneof(
  chars(DIGITS, 18).map((b) => ibanFor('DE', b)),
  chars(DIGITS, 14).map((b) => ibanFor('GB', `NWBK${b}`)),
  chars(DIGITS, 10).map((b) => ibanFor('NL', `ABNA${b}`)),
  chars(DIGITS, 23).map((b) => ibanFor('FR', b)),
);

const label = chars('abcdefghijklmnopqrstuvwxyz0123456789', 1).chain((first) =>
  fc.stringMatching(/^[a-z0-9-]{0,10}$/).map((rest) => (first + rest).replace(/-+$/, '')),
);
export const email = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,14}[a-z0-9]$/),
    fc.array(label, { minLength: 1, maxLength: 3 }),
    fc.constantFrom('com', 'org', 'io', 'dev', 'co', 'de', 'museum'),
  )
  .filter(([local]) => !local.includes('..') && local !== 'git' && local !== 'noreply')
  .map(([local, labels, tld]) => `${local}@${labels.join('.')}.${tld}`);

const b64url = (s: string) => Buffer.from(s).toString('base64url');
export const jwtGen = fc
  .tuple(
    fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.oneof(fc.string({ maxLength: 20 }), fc.integer())),
    chars(`${ALNUM}-_`, 43),
  )
  .map(
    ([payload, sig]) =>
      `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify({ sub: 'x', ...payload }))}.${sig}`,
  );

export const ssn = fc
  .tuple(fc.integer({ min: 1, max: 899 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }))
  .filter(([a]) => a !== 666)
  .map(
    ([a, g, s]) =>
      `${String(a).padStart(3, '0')}-${String(g).padStart(2, '0')}-${String(s).padStart(4, '0')}`,
  );

export const planted = fc.oneof(
  awsKeyId.map((v) => ({ kind: 'aws', value: v })),
  githubToken.map((v) => ({ kind: 'github', value: v })),
  slackToken.map((v) => ({ kind: 'slack', value: v })),
  stripeKey.map((v) => ({ kind: 'stripe', value: v })),
  npmToken.map((v) => ({ kind: 'npm', value: v })),
  card.map((v) => ({ kind: 'card', value: v })),
  ibanGen.map((v) => ({ kind: 'iban', value: v })),
  email.map((v) => ({ kind: 'email', value: v })),
  jwtGen.map((v) => ({ kind: 'jwt', value: v })),
  ssn.map((v) => ({ kind: 'ssn', value: v })),
);

/** Benign host text: a few corpus snippets joined by newlines. */
export const benignText = fc
  .array(fc.constantFrom(...BENIGN.map((b) => b.text)), { minLength: 1, maxLength: 4 })
  .map((a) => a.join('\n'));

/** Insert `value` at a whitespace position of `host` (index chosen by `at`), padded with spaces. */
export function plant(host: string, value: string, at: number): string {
  const ws: number[] = [0, host.length];
  for (let i = 0; i < host.length; i++) if (host[i] === ' ' || host[i] === '\n') ws.push(i);
  const pos = ws[at % ws.length]!;
  return `${host.slice(0, pos)} ${value} ${host.slice(pos)}`;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX_DIGITS = '0123456789abcdef';
/** Mixed case, as real tokens are (an all-lower run could be a word). */
const mixedCase = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s);

export const huggingFaceToken = chars(LETTERS, 34)
  .filter(mixedCase)
  .map((s) => `hf_${s}`);
export const sendgridKey = fc
  .tuple(chars(`${ALNUM}-_`, 22), chars(`${ALNUM}-_`, 43))
  .map(([a, b]) => `SG.${a}.${b}`);
export const vaultToken = chars(`${ALNUM}-_`, 95).map((s) => `hvs.${s}`);
export const twilioKey = chars(HEX_DIGITS, 32)
  .filter((s) => /[a-f]/.test(s) && /\d/.test(s))
  .map((s) => `SK${s}`);

/** Every kind of planted value, including the provider tokens added for issue 10. */
export const plantedAny = fc.oneof(
  planted,
  huggingFaceToken.map((v) => ({ kind: 'huggingface', value: v })),
  sendgridKey.map((v) => ({ kind: 'sendgrid', value: v })),
  vaultToken.map((v) => ({ kind: 'vault', value: v })),
  twilioKey.map((v) => ({ kind: 'twilio', value: v })),
);

/** Zero-width, bidi and other default-ignorable characters that render as nothing. */
export const INVISIBLES = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202E',
  '\u2060',
  '\u2066',
  '\u2069',
  '\uFEFF',
  '\u00AD',
];

/** `value` with invisible characters inserted at random positions (at least one). */
export const withInvisibles = (value: string) =>
  fc
    .array(fc.tuple(fc.nat({ max: Math.max(0, value.length - 1) }), fc.constantFrom(...INVISIBLES)), {
      minLength: 1,
      maxLength: 6,
    })
    .map((inserts) => {
      let out = value;
      for (const [at, ch] of [...inserts].sort((a, b) => b[0] - a[0]))
        out = out.slice(0, at + 1) + ch + out.slice(at + 1);
      return out;
    });

/** `value` percent-encoded: every character, or only its non-alphanumerics, in upper or lower case hex. */
export const percentEncoded = (value: string) =>
  fc.tuple(fc.boolean(), fc.boolean()).map(([all, upper]) =>
    [...value]
      .map((ch) => {
        if (!all && /[A-Za-z0-9]/.test(ch)) return ch;
        const h = [...Buffer.from(ch)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
        return upper ? h.toUpperCase() : h;
      })
      .join(''),
  );

/** `value` base64-encoded (standard with padding, or URL-safe without), or hex-encoded. */
export const binaryEncoded = (value: string) =>
  fc
    .constantFrom<BufferEncoding>('base64', 'base64url', 'hex')
    .map((enc) => Buffer.from(value).toString(enc));

/** `value` in full-width forms (U+FF01–U+FF5E for printable ASCII). */
export const fullWidth = (value: string) =>
  value.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
