/**
 * Provider tokens with a documented shape: a literal prefix, then fixed-alphabet segments. The
 * families follow gitleaks' default rule set (config/gitleaks.toml; each rule names the gitleaks
 * rule id it follows); formats that gitleaks finds only by a nearby provider name (Datadog,
 * Twilio auth tokens, Okta…) are left to the assignment detector, whose keywords know the
 * provider names. Matching is procedural, not by regex: the prefix is a trigger literal, each
 * occurrence is checked segment by segment (bounded), so a rule costs nothing on a text without
 * its prefix and never backtracks.
 */
import { lit } from '../triggers.ts';
import type { Detector, Emit, PlaceholderType } from '../types.ts';
import { charClasses } from '../validators.ts';

type CharTest = (c: number) => boolean;

const digit: CharTest = (c) => c >= 48 && c <= 57;
const upper: CharTest = (c) => c >= 65 && c <= 90;
const lower: CharTest = (c) => c >= 97 && c <= 122;
const letter: CharTest = (c) => upper(c) || lower(c);
const alnum: CharTest = (c) => letter(c) || digit(c);
const upperAlnum: CharTest = (c) => upper(c) || digit(c);
const hex: CharTest = (c) => digit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const lowerHex: CharTest = (c) => digit(c) || (c >= 97 && c <= 102);
/** `[\w-]`: base64url. */
const word: CharTest = (c) => alnum(c) || c === 95 || c === 45;
const base64: CharTest = (c) => alnum(c) || c === 43 || c === 47;
const bech32: CharTest = (c) => upper(c) || digit(c); // upper-case bech32 (no 1 b i o, checked loosely)
const or =
  (...tests: CharTest[]): CharTest =>
  (c) =>
    tests.some((t) => t(c));
/** `[\w=-]`: base64url with its `=` padding. */
const wordOrPad: CharTest = or(word, (c) => c === 61);
/** `[\w=.-]`: base64url, its padding and dots. */
const wordPadOrDot: CharTest = or(word, (c) => c === 61 || c === 46);

/** A run of `min`–`max` characters passing `test`, or a literal. */
type Segment = { readonly test: CharTest; readonly min: number; readonly max: number } | string;
const run = (test: CharTest, min: number, max = min): Segment => ({ test, min, max });

interface ShapeRule {
  /** The gitleaks rule id this rule follows (or the provider's documentation when gitleaks has none). */
  readonly source: string;
  readonly type: PlaceholderType;
  readonly prefix: string;
  readonly segments: readonly Segment[];
  /** Segments BEFORE the prefix, nearest first (for shapes whose literal is in the middle). */
  readonly before?: readonly Segment[];
  /** Characters that may not touch the token on either side (so it is a whole token). @default word */
  readonly edge?: CharTest;
  /** Extra check on the whole token. */
  readonly valid?: (token: string) => boolean;
}

const mixedCase = (t: string): boolean => {
  const k = charClasses(t);
  return k.lower && k.upper;
};
const mixedWithDigit = (t: string): boolean => {
  const k = charClasses(t);
  return k.digit && (k.lower || k.upper);
};

/** `sgp_<40 hex>`, `sgp_<16 hex>_<40 hex>` or `sgp_local_<40 hex>`. */
function sourcegraphShaped(t: string): boolean {
  const parts = t.slice(4).split('_');
  const isHex = (p: string, n: number) => p.length === n && [...p].every((ch) => hex(ch.charCodeAt(0)));
  if (parts.length === 1) return isHex(parts[0]!, 40);
  return parts.length === 2 && (parts[0] === 'local' || isHex(parts[0]!, 16)) && isHex(parts[1]!, 40);
}

const rule = (
  source: string,
  type: PlaceholderType,
  prefix: string,
  segments: readonly Segment[],
  extra: Partial<Pick<ShapeRule, 'before' | 'edge' | 'valid'>> = {},
): ShapeRule => ({ source, type, prefix, segments, ...extra });

const SERVICE: PlaceholderType = 'SERVICE_TOKEN';

export const SHAPE_RULES: readonly ShapeRule[] = [
  // The families the issue names.
  rule('huggingface-access-token', 'HUGGINGFACE_TOKEN', 'hf_', [run(letter, 34)], { valid: mixedCase }),
  rule('huggingface-organization-api-token', 'HUGGINGFACE_TOKEN', 'api_org_', [run(letter, 34)], {
    valid: mixedCase,
  }),
  rule('sendgrid-api-token', 'SENDGRID_KEY', 'SG.', [run(word, 22), '.', run(word, 43)]),
  rule('vault-service-token', 'VAULT_TOKEN', 'hvs.', [run(word, 90, 120)]),
  rule('vault-batch-token', 'VAULT_TOKEN', 'hvb.', [run(word, 138, 300)]),
  // Legacy service tokens: `s.` + 24 alphanumerics; random ones mix classes (identifiers rarely do).
  rule('vault-service-token (legacy)', 'VAULT_TOKEN', 's.', [run(alnum, 24)], {
    edge: or(word, (c) => c === 46 || c === 40),
    valid: (t) => mixedWithDigit(t.slice(2)) && mixedCase(t.slice(2)),
  }),
  rule('twilio-api-key', 'TWILIO_KEY', 'SK', [run(hex, 32)], { valid: (t) => mixedWithDigit(t.slice(2)) }),
  // Other providers.
  rule('1password-secret-key', SERVICE, 'A3-', [
    run(upperAlnum, 6),
    '-',
    run(
      or(upperAlnum, (c) => c === 45),
      29,
      30,
    ),
  ]),
  rule('1password-service-account-token', SERVICE, 'ops_eyJ', [run(base64, 250, 4096)]),
  rule('adobe-client-secret', SERVICE, 'p8e-', [run(alnum, 32)]),
  rule('age-secret-key', SERVICE, 'AGE-SECRET-KEY-1', [run(bech32, 58)]),
  rule('airtable-personnal-access-token', SERVICE, 'pat', [run(alnum, 14), '.', run(lowerHex, 64)]),
  rule('alibaba-access-key-id', SERVICE, 'LTAI', [run(alnum, 20)]),
  rule('artifactory-api-key', SERVICE, 'AKCp', [run(alnum, 69)]),
  rule('artifactory-reference-token', SERVICE, 'cmVmd', [run(alnum, 59)]),
  rule('atlassian-api-token', SERVICE, 'ATATT3', [run(wordOrPad, 186)]),
  rule('aws-amazon-bedrock-api-key-long-lived', SERVICE, 'ABSK', [run(base64, 109, 269)]),
  rule('clickhouse-cloud-api-secret-key', SERVICE, '4b1d', [run(alnum, 38)]),
  rule('clojars-api-token', SERVICE, 'CLOJARS_', [run(alnum, 60)]),
  rule('cloudflare-origin-ca-key', SERVICE, 'v1.0-', [run(lowerHex, 24), '-', run(lowerHex, 146)]),
  rule('databricks-api-token', SERVICE, 'dapi', [run(lowerHex, 32)]),
  rule('digitalocean-pat', SERVICE, 'dop_v1_', [run(lowerHex, 64)]),
  rule('digitalocean-access-token', SERVICE, 'doo_v1_', [run(lowerHex, 64)]),
  rule('digitalocean-refresh-token', SERVICE, 'dor_v1_', [run(lowerHex, 64)]),
  rule('doppler-api-token', SERVICE, 'dp.pt.', [run(alnum, 43)]),
  rule('duffel-api-token', SERVICE, 'duffel_test_', [run(wordOrPad, 43)]),
  rule('duffel-api-token', SERVICE, 'duffel_live_', [run(wordOrPad, 43)]),
  rule('dynatrace-api-token', SERVICE, 'dt0c01.', [run(alnum, 24), '.', run(alnum, 64)]),
  rule('easypost-api-token', SERVICE, 'EZAK', [run(alnum, 54)]),
  rule('easypost-test-api-token', SERVICE, 'EZTK', [run(alnum, 54)]),
  rule('facebook-page-access-token', SERVICE, 'EAAM', [run(alnum, 100, 4096)]),
  rule('facebook-page-access-token', SERVICE, 'EAAC', [run(alnum, 100, 4096)]),
  rule('flutterwave-secret-key', SERVICE, 'FLWSECK_TEST-', [run(hex, 12, 32)]),
  rule('flutterwave-secret-key', SERVICE, 'FLWSECK-', [run(hex, 32)]),
  rule('flyio-access-token', SERVICE, 'fo1_', [run(word, 43)]),
  rule('flyio-access-token', SERVICE, 'fm2_', [run(base64, 100, 4096)]),
  rule('frameio-api-token', SERVICE, 'fio-u-', [run(wordOrPad, 64)]),
  rule('gitlab-feature-flag-client-token', 'GITLAB_TOKEN', 'glffct-', [run(word, 20)]),
  rule('gitlab-rrt', 'GITLAB_TOKEN', 'GR1348941', [run(word, 20)]),
  rule('grafana-api-key', SERVICE, 'eyJrIjoi', [run(alnum, 70, 400)]),
  rule('grafana-cloud-api-token', SERVICE, 'glc_', [run(base64, 32, 400)]),
  rule('grafana-service-account-token', SERVICE, 'glsa_', [run(alnum, 32), '_', run(hex, 8)]),
  rule('harness-api-key', SERVICE, 'pat.', [run(word, 22), '.', run(alnum, 24), '.', run(alnum, 20)]),
  rule('harness-api-key', SERVICE, 'sat.', [run(word, 22), '.', run(alnum, 24), '.', run(alnum, 20)]),
  rule('hashicorp-tf-api-token', SERVICE, '.atlasv1.', [run(wordOrPad, 60, 70)], {
    before: [run(or(lower, digit), 14)],
  }),
  rule('heroku-api-key-v2', SERVICE, 'HRKU-AA', [run(word, 58)]),
  rule('infracost-api-token', SERVICE, 'ico-', [run(alnum, 32)]),
  rule('intra42-client-secret', SERVICE, 's-s4t2ud-', [run(lowerHex, 64)]),
  rule('intra42-client-secret', SERVICE, 's-s4t2af-', [run(lowerHex, 64)]),
  rule('linear-api-key', SERVICE, 'lin_api_', [run(alnum, 40)]),
  rule('mailchimp-api-key', SERVICE, '-us', [run(digit, 1, 2)], { before: [run(lowerHex, 32)] }),
  rule('mapbox secret token (docs.mapbox.com)', SERVICE, 'sk.eyJ', [
    run(word, 50, 400),
    '.',
    run(word, 20, 64),
  ]),
  rule('new-relic-user-api-key', SERVICE, 'NRAK-', [run(upperAlnum, 27)]),
  rule('new-relic-insert-key', SERVICE, 'NRII-', [run(word, 32)]),
  rule('notion-api-token', SERVICE, 'ntn_', [run(digit, 11), run(alnum, 35)]),
  rule('octopus-deploy-api-key', SERVICE, 'API-', [run(upperAlnum, 26)], { valid: mixedWithDigit }),
  rule('openshift-user-token', SERVICE, 'sha256~', [run(word, 43)]),
  rule('perplexity-api-key', SERVICE, 'pplx-', [run(alnum, 48)]),
  rule('planetscale-api-token', SERVICE, 'pscale_tkn_', [run(wordPadOrDot, 32, 64)]),
  rule('planetscale-oauth-token', SERVICE, 'pscale_oauth_', [run(wordPadOrDot, 32, 64)]),
  rule('planetscale-password', SERVICE, 'pscale_pw_', [run(wordPadOrDot, 32, 64)]),
  rule('postman-api-token', SERVICE, 'PMAK-', [run(hex, 24), '-', run(hex, 34)]),
  rule('prefect-api-token', SERVICE, 'pnu_', [run(alnum, 36)]),
  rule('pulumi-api-token', SERVICE, 'pul-', [run(lowerHex, 40)]),
  rule('readme-api-token', SERVICE, 'rdme_', [run(or(lower, digit), 70)]),
  rule('rubygems-api-token', SERVICE, 'rubygems_', [run(lowerHex, 48)]),
  rule('scalingo-api-token', SERVICE, 'tk-us-', [run(word, 48)]),
  rule('sendinblue-api-token', SERVICE, 'xkeysib-', [run(lowerHex, 64), '-', run(alnum, 16)]),
  rule('sentry-user-token', SERVICE, 'sntryu_', [run(lowerHex, 64)]),
  rule('sentry-org-token', SERVICE, 'sntrys_eyJpYXQiO', [
    run(
      or(base64, (c) => c === 61 || c === 95),
      60,
      600,
    ),
  ]),
  rule('settlemint-application-access-token', SERVICE, 'sm_aat_', [run(alnum, 16)]),
  rule('settlemint-personal-access-token', SERVICE, 'sm_pat_', [run(alnum, 16)]),
  rule('settlemint-service-access-token', SERVICE, 'sm_sat_', [run(alnum, 16)]),
  rule('shippo-api-token', SERVICE, 'shippo_live_', [run(hex, 40)]),
  rule('shippo-api-token', SERVICE, 'shippo_test_', [run(hex, 40)]),
  rule('shopify-access-token', SERVICE, 'shpat_', [run(hex, 32)]),
  rule('shopify-custom-access-token', SERVICE, 'shpca_', [run(hex, 32)]),
  rule('shopify-private-app-access-token', SERVICE, 'shppa_', [run(hex, 32)]),
  rule('shopify-shared-secret', SERVICE, 'shpss_', [run(hex, 32)]),
  rule(
    'sourcegraph-access-token',
    SERVICE,
    'sgp_',
    [
      run(
        or(hex, (c) => c === 95 || lower(c)),
        40,
        63,
      ),
    ],
    {
      valid: sourcegraphShaped,
    },
  ),
  rule('square-access-token', SERVICE, 'sq0atp-', [run(word, 22, 60)]),
  rule('square-access-token', SERVICE, 'EAAA', [run(word, 22, 60)], { valid: mixedWithDigit }),
  rule('square OAuth secret (developer.squareup.com)', SERVICE, 'sq0csp-', [run(word, 40, 50)]),
  rule('typeform-api-token', SERVICE, 'tfp_', [run(wordPadOrDot, 59)]),
  // Bot tokens also appear in API URLs (`/bot123456:AA…/sendMessage`): a letter may touch the id.
  rule('telegram-bot-api-token', SERVICE, ':AA', [run(word, 33)], {
    before: [run(digit, 5, 16)],
    edge: (c) => digit(c) || c === 95 || c === 45,
  }),
];

/** Scans a run of `seg` forward from `at`; the end, or -1 when shorter than `min`. */
function runForward(text: string, at: number, seg: Exclude<Segment, string>): number {
  let i = at;
  const max = Math.min(text.length, at + seg.max);
  while (i < max && seg.test(text.charCodeAt(i))) i++;
  return i - at >= seg.min ? i : -1;
}

function runBackward(text: string, at: number, seg: Exclude<Segment, string>): number {
  let i = at;
  const min = Math.max(0, at - seg.max);
  while (i > min && seg.test(text.charCodeAt(i - 1))) i--;
  return at - i >= seg.min ? i : -1;
}

/** The token of `r` whose prefix sits at `at`, as [start, end), or null. */
function matchAt(text: string, r: ShapeRule, at: number): [number, number] | null {
  const edge = r.edge ?? word;
  let start = at;
  for (const seg of r.before ?? []) {
    start =
      typeof seg === 'string'
        ? text.startsWith(seg, start - seg.length)
          ? start - seg.length
          : -1
        : runBackward(text, start, seg);
    if (start < 0) return null;
  }
  if (start > 0 && edge(text.charCodeAt(start - 1))) return null;
  let end = at + r.prefix.length;
  for (const seg of r.segments) {
    end =
      typeof seg === 'string'
        ? text.startsWith(seg, end)
          ? end + seg.length
          : -1
        : runForward(text, end, seg);
    if (end < 0) return null;
  }
  // Trailing base64 padding belongs to the token.
  while (text.charCodeAt(end) === 61 && end - at < 4200) end++;
  if (end < text.length && edge(text.charCodeAt(end))) return null;
  if (r.valid && !r.valid(text.slice(start, end))) return null;
  return [start, end];
}

/** Rules by the trigger id of their prefix: a scan visits the literals its text holds, not every rule. */
const RULES_BY_TRIGGER: Array<ShapeRule[] | undefined> = [];
for (const r of SHAPE_RULES) {
  const id = lit(r.prefix);
  RULES_BY_TRIGGER[id] = [...(RULES_BY_TRIGGER[id] ?? []), r];
}

export const providerTokenDetector: Detector = {
  id: 'provider_tokens',
  find({ text, triggers }, emit: Emit) {
    for (const id of triggers.presentLiterals()) {
      const rules = RULES_BY_TRIGGER[id];
      if (rules === undefined) continue;
      for (const r of rules) {
        for (let at = text.indexOf(r.prefix); at >= 0; at = text.indexOf(r.prefix, at + 1)) {
          const m = matchAt(text, r, at);
          if (m === null) continue;
          emit(m[0], m[1], r.type);
          at = m[1] - 1;
        }
      }
    }
  },
};
