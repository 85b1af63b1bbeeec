/**
 * Service tokens with a documented fixed prefix. Each pattern matches the shortest valid token and
 * the match is then extended over the rest of the token's alphabet, so a token longer than the
 * bound is still replaced whole (an end-anchored bounded pattern would miss it entirely).
 */
import { forEachMatch, re } from '../registry.ts';
import { lit } from '../triggers.ts';
import type { Detector, PlaceholderType } from '../types.ts';
import { charClasses, extendWhile } from '../validators.ts';

function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

interface TokenRule {
  readonly type: PlaceholderType;
  /** Cheap literal test before the regex runs (a trigger id). */
  readonly literal: number;
  readonly regex: RegExp;
  readonly extend: (c: number) => boolean;
  /** Optional check on the whole token. */
  readonly valid?: (token: string) => boolean;
}

const RULES: readonly TokenRule[] = [
  {
    type: 'GITHUB_TOKEN',
    literal: lit('gh'),
    regex: re('github.token', /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}/g),
    extend: isAlnum,
  },
  {
    type: 'GITHUB_TOKEN',
    literal: lit('github_pat_'),
    regex: re('github.fine_grained', /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22}/g),
    extend: (c) => isAlnum(c) || c === 95,
  },
  {
    type: 'GITLAB_TOKEN',
    literal: lit('gl'),
    regex: re(
      'gitlab.token',
      /(?<![A-Za-z0-9_-])gl(?:pat|ptt|dt|rt|cbt|oas|soat|ft|imt|agent)-[A-Za-z0-9_-]{20}/g,
    ),
    extend: isTokenChar,
  },
  {
    type: 'SLACK_TOKEN',
    literal: lit('xox'),
    regex: re('slack.token', /(?<![A-Za-z0-9_-])xox[abposrec]-[A-Za-z0-9-]{10}/g),
    extend: (c) => isAlnum(c) || c === 45,
  },
  {
    type: 'SLACK_TOKEN',
    literal: lit('xapp-'),
    regex: re('slack.app_token', /(?<![A-Za-z0-9_-])xapp-\d-[A-Za-z0-9-]{10}/g),
    extend: (c) => isAlnum(c) || c === 45,
  },
  {
    type: 'STRIPE_KEY',
    literal: lit('k_'),
    regex: re('stripe.key', /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{16}/g),
    extend: isAlnum,
  },
  {
    type: 'STRIPE_KEY',
    literal: lit('whsec_'),
    regex: re('stripe.webhook_secret', /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9]{24}/g),
    extend: isAlnum,
  },
  {
    type: 'ANTHROPIC_KEY',
    literal: lit('sk-ant-'),
    regex: re('anthropic.key', /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20}/g),
    extend: isTokenChar,
  },
  {
    type: 'OPENAI_KEY',
    literal: lit('sk-'),
    regex: re('openai.key', /(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20}/g),
    extend: isTokenChar,
    // Bare `sk-` + 20 chars also matches CSS classes and slugs; real keys are long and mixed.
    valid: (t) => {
      if (t.startsWith('sk-ant-')) return false;
      const k = charClasses(t.slice(3));
      return t.length >= 40 && k.lower && k.upper && k.digit;
    },
  },
  {
    type: 'NPM_TOKEN',
    literal: lit('npm_'),
    regex: re('npm.token', /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}/g),
    extend: isAlnum,
  },
  {
    type: 'PYPI_TOKEN',
    literal: lit('pypi-'),
    regex: re('pypi.token', /(?<![A-Za-z0-9_-])pypi-AgE[A-Za-z0-9_-]{40}/g),
    extend: isTokenChar,
  },
];

export const tokenDetector: Detector = {
  id: 'service_tokens',
  find({ text, triggers }, emit) {
    for (const rule of RULES) {
      if (!triggers.has(rule.literal)) continue;
      forEachMatch(rule.regex, text, (m) => {
        const end = extendWhile(text, m.index + m[0].length, rule.extend);
        if (rule.valid && !rule.valid(text.slice(m.index, end))) return end;
        emit(m.index, end, rule.type);
        return end;
      });
    }
  },
};

// Incoming webhooks: keep the host and path kind, replace the secret path.
const SLACK_WEBHOOK = re(
  'slack.webhook',
  /hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9_-]{4,64}(?:\/[A-Za-z0-9_-]{4,64}){1,4})/g,
);

const SLACK_HOOKS = lit('hooks.slack.com');

export const slackWebhookDetector: Detector = {
  id: 'slack_webhook',
  find({ text, triggers }, emit) {
    if (!triggers.has(SLACK_HOOKS)) return;
    forEachMatch(SLACK_WEBHOOK, text, (m) => {
      const end = m.index + m[0].length;
      emit(end - m[1]!.length, end, 'SLACK_WEBHOOK');
      return undefined;
    });
  },
};

// JWT: base64url header and payload, both JSON objects. `{"` encodes as `eyJ`; a header or payload
// that starts with whitespace (`{ "alg"…`, `{\n  "alg"…`) encodes as `ey…` or `ew…`.
const JWT = re(
  'jwt',
  /(?<![A-Za-z0-9_-])e[wy][A-Za-z0-9_-]{8,4096}\.e[wy][A-Za-z0-9_-]{2,16384}\.[A-Za-z0-9_-]{0,4096}/g,
);

/** Every JWT has a payload after a dot: `.ey…` or `.ew…`. */
const PAYLOAD_STARTS = [lit('.ey'), lit('.ew')];

/** A header that is not the usual `eyJ…` must decode to a JSON object to count. */
function headerIsJsonObject(segment: string): boolean {
  if (segment.startsWith('eyJ')) return true;
  try {
    const header: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && !Array.isArray(header);
  } catch {
    return false;
  }
}

export const jwtDetector: Detector = {
  id: 'jwt',
  find({ text, triggers }, emit) {
    if (!PAYLOAD_STARTS.some((id) => triggers.has(id))) return;
    forEachMatch(JWT, text, (m) => {
      if (!headerIsJsonObject(m[0].slice(0, m[0].indexOf('.')))) return m.index + 2;
      const end = extendWhile(text, m.index + m[0].length, isTokenChar);
      emit(m.index, end, 'JWT');
      return end;
    });
  },
};
