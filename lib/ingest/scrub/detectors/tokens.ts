/**
 * Service tokens with a documented fixed prefix. Each pattern matches the shortest valid token and
 * the match is then extended over the rest of the token's alphabet, so a token longer than the
 * bound is still replaced whole (an end-anchored bounded pattern would miss it entirely).
 */
import { forEachMatch, re } from '../registry.ts';
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
  /** Cheap literal test before the regex runs. */
  readonly literal: string;
  readonly regex: RegExp;
  readonly extend: (c: number) => boolean;
  /** Optional check on the whole token. */
  readonly valid?: (token: string) => boolean;
}

const RULES: readonly TokenRule[] = [
  {
    type: 'GITHUB_TOKEN',
    literal: 'gh',
    regex: re('github.token', /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}/g),
    extend: isAlnum,
  },
  {
    type: 'GITHUB_TOKEN',
    literal: 'github_pat_',
    regex: re('github.fine_grained', /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22}/g),
    extend: (c) => isAlnum(c) || c === 95,
  },
  {
    type: 'GITLAB_TOKEN',
    literal: 'gl',
    regex: re(
      'gitlab.token',
      /(?<![A-Za-z0-9_-])gl(?:pat|ptt|dt|rt|cbt|oas|soat|ft|imt|agent)-[A-Za-z0-9_-]{20}/g,
    ),
    extend: isTokenChar,
  },
  {
    type: 'SLACK_TOKEN',
    literal: 'xox',
    regex: re('slack.token', /(?<![A-Za-z0-9_-])xox[abposrec]-[A-Za-z0-9-]{10}/g),
    extend: (c) => isAlnum(c) || c === 45,
  },
  {
    type: 'SLACK_TOKEN',
    literal: 'xapp-',
    regex: re('slack.app_token', /(?<![A-Za-z0-9_-])xapp-\d-[A-Za-z0-9-]{10}/g),
    extend: (c) => isAlnum(c) || c === 45,
  },
  {
    type: 'STRIPE_KEY',
    literal: 'k_',
    regex: re('stripe.key', /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16}/g),
    extend: isAlnum,
  },
  {
    type: 'STRIPE_KEY',
    literal: 'whsec_',
    regex: re('stripe.webhook_secret', /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9]{24}/g),
    extend: isAlnum,
  },
  {
    type: 'ANTHROPIC_KEY',
    literal: 'sk-ant-',
    regex: re('anthropic.key', /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20}/g),
    extend: isTokenChar,
  },
  {
    type: 'OPENAI_KEY',
    literal: 'sk-',
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
    literal: 'npm_',
    regex: re('npm.token', /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}/g),
    extend: isAlnum,
  },
  {
    type: 'PYPI_TOKEN',
    literal: 'pypi-',
    regex: re('pypi.token', /(?<![A-Za-z0-9_-])pypi-AgE[A-Za-z0-9_-]{40}/g),
    extend: isTokenChar,
  },
];

export const tokenDetector: Detector = {
  id: 'service_tokens',
  find({ text }, emit) {
    for (const rule of RULES) {
      if (!text.includes(rule.literal)) continue;
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

export const slackWebhookDetector: Detector = {
  id: 'slack_webhook',
  find({ text }, emit) {
    if (!text.includes('hooks.slack.com')) return;
    forEachMatch(SLACK_WEBHOOK, text, (m) => {
      const end = m.index + m[0].length;
      emit(end - m[1]!.length, end, 'SLACK_WEBHOOK');
      return undefined;
    });
  },
};

// JWT: base64url header and payload that both decode to JSON objects ("eyJ" = '{"').
const JWT = re(
  'jwt',
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{2,16384}\.[A-Za-z0-9_-]{0,4096}/g,
);

export const jwtDetector: Detector = {
  id: 'jwt',
  find({ text }, emit) {
    if (!text.includes('eyJ')) return;
    forEachMatch(JWT, text, (m) => {
      const end = extendWhile(text, m.index + m[0].length, isTokenChar);
      emit(m.index, end, 'JWT');
      return end;
    });
  },
};
