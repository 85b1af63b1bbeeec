/**
 * Planting: secrets and personal data embedded in the free-text fields the way they turn
 * up in real work (a key pasted into config, a token in a curl command, an SSN in an
 * e-mail subject). Each function returns the text and the exact planted strings.
 */
import { commentPrefix } from './code.ts';
import { COMPANY_DOMAIN, coworker, type Language, type SimEmployee } from './employees.ts';
import type { Rng } from './prng.ts';
import * as v from './secret-values.ts';

export type PlantKind =
  | 'aws_access_key'
  | 'aws_secret_key'
  | 'github_token'
  | 'slack_token'
  | 'api_key'
  | 'jwt'
  | 'private_key'
  | 'password_in_url'
  | 'password_assignment'
  | 'email'
  | 'phone'
  | 'ssn'
  | 'card'
  | 'iban'
  | 'ip'
  | 'mac'
  | 'home_username'
  | 'own_name'
  | 'own_email'
  | 'own_username'
  | 'coworker_name'
  // Added for issue 10.
  | 'provider_token'
  | 'date_of_birth'
  | 'hidden_secret'
  | 'encoded_secret'
  | 'command_password'
  | 'obfuscated_email'
  | 'spaced_phone';

/** One planted value: search stored data for `value`; finding it is a leak. */
export interface Planted {
  readonly kind: PlantKind;
  readonly value: string;
}

type Out<T> = T & { planted: Planted[] };
const p = (kind: PlantKind, value: string): Planted => ({ kind, value });

/** Lines to add to a diff, in the syntax of `language`. */
export function plantInCode(rng: Rng, emp: SimEmployee, language: Language): Out<{ lines: string[] }> {
  const c = commentPrefix(language);
  const assign = (key: string, value: string): string => {
    switch (language) {
      case 'typescript':
        return `const ${key} = '${value}';`;
      case 'python':
        return `${key.toUpperCase()} = "${value}"`;
      case 'go':
        return `\t${key} := "${value}"`;
      case 'sql':
        return `-- ${key}=${value}`;
      case 'yaml':
        return `  ${key}: ${rng.chance(0.5) ? `"${value}"` : value}`;
    }
  };
  return rng.weighted<() => Out<{ lines: string[] }>>([
    [
      () => {
        const id = v.awsAccessKeyId(rng);
        const secret = v.awsSecretKey(rng);
        return {
          lines: [assign('aws_access_key_id', id), assign('aws_secret_access_key', secret)],
          planted: [p('aws_access_key', id), p('aws_secret_key', secret)],
        };
      },
      3,
    ],
    [
      () => {
        const t = v.githubToken(rng);
        return {
          lines: [assign(rng.pick(['github_token', 'gh_token']), t)],
          planted: [p('github_token', t)],
        };
      },
      2,
    ],
    [
      () => {
        const t = v.slackToken(rng);
        return { lines: [assign('slack_bot_token', t)], planted: [p('slack_token', t)] };
      },
      1,
    ],
    [
      () => {
        const k = v.apiKey(rng);
        return {
          lines: [assign(rng.pick(['api_key', 'apiKey', 'secret_key']), k)],
          planted: [p('api_key', k)],
        };
      },
      2,
    ],
    [
      () => {
        const t = v.jwt(rng);
        return { lines: [`${c} token for local testing: ${t}`], planted: [p('jwt', t)] };
      },
      2,
    ],
    [
      () => {
        const key = v.privateKey(rng);
        const lines =
          language === 'python'
            ? ['SIGNING_KEY = """', ...key.lines, '"""']
            : key.lines.map((l) => `${c} ${l}`);
        return { lines, planted: key.body.map((b) => p('private_key', b)) };
      },
      1,
    ],
    [
      () => {
        const pw = v.password(rng);
        return {
          lines: [assign(rng.pick(['password', 'db_password', 'dbPassword', 'admin_pass']), pw)],
          planted: [p('password_assignment', pw)],
        };
      },
      3,
    ],
    [
      () => {
        const pw = v.password(rng);
        const ip = v.ipv4(rng);
        const url = `postgres://svc_app:${pw}@${ip}:5432/${rng.pick(['payments', 'app', 'analytics'])}`;
        return {
          lines: [assign(rng.pick(['database_url', 'dsn']), url)],
          planted: [p('password_in_url', pw), p('ip', ip)],
        };
      },
      2,
    ],
    [
      () => {
        const who = coworker(rng);
        const ph = v.phone(rng);
        return {
          lines: [`${c} on-call: ${who.name} <${who.email}>, ${ph}`],
          planted: [p('email', who.email), p('phone', ph), p('coworker_name', who.name)],
        };
      },
      2,
    ],
    [
      () => {
        const s = v.ssn(rng);
        const cc = v.card(rng);
        return {
          lines: [`${c} fixture from prod ticket: ssn=${s} card=${cc}`],
          planted: [p('ssn', s), p('card', cc)],
        };
      },
      2,
    ],
    [
      () => {
        const i = v.iban(rng);
        return { lines: [assign('payout_iban', i)], planted: [p('iban', i)] };
      },
      1,
    ],
    [
      () => {
        const ip = rng.chance(0.8) ? v.ipv4(rng) : v.ipv6(rng);
        const m = v.mac(rng);
        return {
          lines: [assign('upstream_host', ip), `${c} device ${m}`],
          planted: [p('ip', ip), p('mac', m)],
        };
      },
      1,
    ],
    [
      () => ({
        lines: [`${c} TODO(${emp.name}): remove before release, ask ${emp.email}`],
        planted: [p('own_name', emp.name), p('own_email', emp.email)],
      }),
      2,
    ],
    [
      () => {
        const other = coworker(rng).email.split('@')[0]!;
        const path = `/Users/${other}/Downloads/export.csv`;
        return {
          lines: [assign('sample_path', path)],
          planted: [p('home_username', other)],
        };
      },
      1,
    ],
    // Added for issue 10.
    [
      () => {
        const t = v.providerToken(rng);
        return {
          lines: [assign(rng.pick(['hf_token', 'sendgrid_api_key', 'vault_token', 'service_token']), t)],
          planted: [p('provider_token', t)],
        };
      },
      1,
    ],
    [
      () => {
        const dob = v.dateOfBirth(rng);
        return {
          lines: [assign(rng.pick(['date_of_birth', 'dob', 'birthDate']), dob)],
          planted: [p('date_of_birth', dob)],
        };
      },
      1,
    ],
    [
      () => {
        const hidden = v.withInvisibles(rng, v.githubToken(rng));
        return { lines: [assign('ci_token', hidden)], planted: [p('hidden_secret', hidden)] };
      },
      1,
    ],
    [
      () => {
        const encoded = Buffer.from(`AWS_ACCESS_KEY_ID=${v.awsAccessKeyId(rng)}`).toString('base64');
        return { lines: [assign('bootstrap_env_b64', encoded)], planted: [p('encoded_secret', encoded)] };
      },
      1,
    ],
    [
      () => {
        const pw = v.punctuatedPassword(rng);
        return { lines: [assign('db_password', pw)], planted: [p('password_assignment', pw)] };
      },
      1,
    ],
    [
      () => {
        const local = coworker(rng).email.split('@')[0]!;
        const mail = v.obfuscatedEmail(rng, local, COMPANY_DOMAIN);
        const ph = v.spacedPhone(rng);
        return {
          lines: [`${c} escalation: ${mail} or call ${ph}`],
          planted: [p('obfuscated_email', mail), p('spaced_phone', ph)],
        };
      },
      1,
    ],
  ])();
}

/** A shell command carrying a secret or personal data. */
export function plantInCommand(rng: Rng, emp: SimEmployee): Out<{ command: string }> {
  return rng.weighted<() => Out<{ command: string }>>([
    [
      () => {
        const id = v.awsAccessKeyId(rng);
        return { command: `export AWS_ACCESS_KEY_ID=${id}`, planted: [p('aws_access_key', id)] };
      },
      2,
    ],
    [
      () => {
        const s = v.awsSecretKey(rng);
        return { command: `aws configure set aws_secret_access_key ${s}`, planted: [p('aws_secret_key', s)] };
      },
      1,
    ],
    [
      () => {
        const t = v.githubToken(rng);
        return {
          command: `git clone https://x-access-token:${t}@github.com/northwind/${rng.pick(['payments-api', 'infra'])}.git`,
          planted: [p('github_token', t)],
        };
      },
      2,
    ],
    [
      () => {
        const t = v.jwt(rng);
        return {
          command: `curl -sS -H "Authorization: Bearer ${t}" https://api.${COMPANY_DOMAIN}/v2/invoices?limit=5`,
          planted: [p('jwt', t)],
        };
      },
      2,
    ],
    [
      () => {
        const pw = v.password(rng);
        const ip = v.ipv4(rng);
        return {
          command: `psql "postgresql://admin:${pw}@${ip}:5432/payments" -c 'select count(*) from invoices'`,
          planted: [p('password_in_url', pw), p('ip', ip)],
        };
      },
      2,
    ],
    [
      () => {
        const pw = v.password(rng);
        return {
          command: `mysql -h db.staging -u root -p${pw} reporting`,
          planted: [p('password_assignment', pw)],
        };
      },
      1,
    ],
    [
      () => {
        const pw = v.password(rng);
        return {
          command: `kubectl create secret generic db-creds --from-literal=password=${pw}`,
          planted: [p('password_assignment', pw)],
        };
      },
      1,
    ],
    [
      () => {
        const ip = v.ipv4(rng);
        return { command: `ssh -i ~/.ssh/deploy ec2-user@${ip}`, planted: [p('ip', ip)] };
      },
      2,
    ],
    [
      () => ({
        command: `git config --global user.email ${emp.email} && git config --global user.name "${emp.name}"`,
        planted: [p('own_email', emp.email), p('own_name', emp.name)],
      }),
      1,
    ],
    [
      () => {
        const who = coworker(rng);
        return {
          command: `git commit -m "fix refund rounding (reported by ${who.email})"`,
          planted: [p('email', who.email)],
        };
      },
      1,
    ],
    [
      () => {
        const s = v.ssn(rng);
        return { command: `grep -rn "${s}" data/exports/`, planted: [p('ssn', s)] };
      },
      1,
    ],
    [
      () => {
        const cc = v.card(rng);
        return {
          command: `curl -X POST localhost:8080/charges -d '{"card":"${cc}","amount":1999}'`,
          planted: [p('card', cc)],
        };
      },
      1,
    ],
    [
      () => {
        const other = coworker(rng).email.split('@')[0]!;
        return { command: `scp /home/${other}/notes.txt ~/backup/`, planted: [p('home_username', other)] };
      },
      1,
    ],
    // Added for issue 10.
    [
      () => {
        const t = v.vaultToken(rng);
        return { command: `vault login ${t}`, planted: [p('command_password', t)] };
      },
      1,
    ],
    [
      () => {
        const pw = v.password(rng);
        return {
          command: rng.pick([
            `zip -r -P ${pw} backup.zip exports/`,
            `echo '${pw}' | sudo -S systemctl restart payments-api`,
            `gpg --batch --passphrase ${pw} -c dump.sql`,
          ]),
          planted: [p('command_password', pw)],
        };
      },
      1,
    ],
    [
      () => {
        const pw = v.password(rng);
        const dsn = v.percentEncode(`postgres://svc_app:${pw}@${v.ipv4(rng)}:5432/app`);
        return {
          command: `curl -X POST "https://ci.${COMPANY_DOMAIN}/migrate?dsn=${dsn}"`,
          planted: [p('encoded_secret', v.percentEncode(pw))],
        };
      },
      1,
    ],
  ])();
}

/** A URL with a secret or personal data outside the host name (the host is kept, the rest never). */
export function plantInUrl(rng: Rng, emp: SimEmployee): Out<{ url: string }> {
  return rng.weighted<() => Out<{ url: string }>>([
    [
      () => {
        const pw = v.password(rng);
        return {
          url: `https://deploy:${pw}@jenkins.${COMPANY_DOMAIN}/job/payments-api/lastBuild/`,
          planted: [p('password_in_url', pw)],
        };
      },
      2,
    ],
    [
      () => {
        const who = coworker(rng);
        return {
          url: `https://wiki.${COMPANY_DOMAIN}/people/search?q=${who.email}`,
          planted: [p('email', who.email)],
        };
      },
      2,
    ],
    [
      () => {
        const t = v.jwt(rng);
        return { url: `https://app.${COMPANY_DOMAIN}/auth/callback?id_token=${t}`, planted: [p('jwt', t)] };
      },
      2,
    ],
    [
      () => {
        const id = v.awsAccessKeyId(rng);
        return {
          url: `https://exports-prod.s3.amazonaws.com/daily.csv?X-Amz-Credential=${id}&X-Amz-Expires=3600`,
          planted: [p('aws_access_key', id)],
        };
      },
      1,
    ],
    [
      () => {
        const ph = v.phone(rng);
        return { url: `https://crm.${COMPANY_DOMAIN}/customers?phone=${ph}`, planted: [p('phone', ph)] };
      },
      1,
    ],
    [
      () => {
        const ip = v.ipv4(rng);
        return { url: `http://${ip}:8080/admin/queues`, planted: [p('ip', ip)] };
      },
      1,
    ],
    [
      () => ({
        url: `https://calendar.google.com/calendar/u/0/r?authuser=${emp.email}`,
        planted: [p('own_email', emp.email)],
      }),
      1,
    ],
  ])();
}

/** A window title with personal data (titles are dropped entirely by the content policy). */
export function plantInTitle(rng: Rng, emp: SimEmployee): Out<{ title: string; app: string }> {
  return rng.weighted<() => Out<{ title: string; app: string }>>([
    [
      () => {
        const s = v.ssn(rng);
        return {
          app: 'chrome',
          title: `Re: Benefits enrolment - SSN ${s} - Inbox - ${emp.email} - Gmail`,
          planted: [p('ssn', s), p('own_email', emp.email)],
        };
      },
      1,
    ],
    [
      () => {
        const cc = v.card(rng);
        return { app: 'outlook', title: `Payment failed for card ${cc} - Outlook`, planted: [p('card', cc)] };
      },
      1,
    ],
    [
      () => {
        const i = v.iban(rng);
        return {
          app: 'chrome',
          title: `Transfer to ${i} - Online Banking - Google Chrome`,
          planted: [p('iban', i)],
        };
      },
      1,
    ],
    [
      () => {
        const ph = v.phone(rng);
        return { app: 'facetime', title: `Call with ${ph} - FaceTime`, planted: [p('phone', ph)] };
      },
      1,
    ],
    [
      () => ({
        app: 'zoom',
        title: `Zoom Meeting - ${emp.name}'s Personal Meeting Room`,
        planted: [p('own_name', emp.name)],
      }),
      1,
    ],
    [
      () => {
        const who = coworker(rng);
        return {
          app: 'outlook',
          title: `Re: offer letter for ${who.email} - Inbox`,
          planted: [p('email', who.email)],
        };
      },
      1,
    ],
  ])();
}

/** Build output carrying an address, a path with a user name, or a credential. */
export function plantInDiagnostics(rng: Rng, emp: SimEmployee, projectRoot: string): Out<{ text: string }> {
  return rng.weighted<() => Out<{ text: string }>>([
    [
      () => {
        const ip = v.ipv4(rng);
        return { text: `Error: connect ECONNREFUSED ${ip}:5432`, planted: [p('ip', ip)] };
      },
      2,
    ],
    [
      () => ({
        text: `    at Object.<anonymous> (${projectRoot}/src/index.ts:12:7)`,
        planted: [p('own_username', emp.username)],
      }),
      2,
    ],
    [
      () => {
        const who = coworker(rng);
        return {
          text: `AssertionError: expected '${who.email}' to equal 'redacted@example.invalid'`,
          planted: [p('email', who.email)],
        };
      },
      1,
    ],
    [
      () => {
        const t = v.githubToken(rng);
        return {
          text: `fatal: unable to access 'https://${t}@github.com/northwind/infra.git/': The requested URL returned error: 403`,
          planted: [p('github_token', t)],
        };
      },
      1,
    ],
    [
      () => {
        const pw = v.password(rng);
        return {
          text: `config error: invalid value password="${pw}" for key db.password`,
          planted: [p('password_assignment', pw)],
        };
      },
      1,
    ],
  ])();
}
