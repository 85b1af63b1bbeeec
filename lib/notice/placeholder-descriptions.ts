/**
 * Each placeholder type of the scrubber in plain language, for the collection notice. Typed over
 * PLACEHOLDER_TYPES: a new type that the scrubber can emit does not compile until it is described
 * here, so the notice can never leave one out.
 */
import type { PlaceholderType } from '../ingest/scrub/index.ts';

export type PlaceholderGroup = 'secret' | 'personal';

export interface PlaceholderDescription {
  readonly group: PlaceholderGroup;
  /** What the placeholder stands in for, in words an employee reads. */
  readonly replaces: string;
}

const secret = (replaces: string): PlaceholderDescription => ({ group: 'secret', replaces });
const personal = (replaces: string): PlaceholderDescription => ({ group: 'personal', replaces });

export const PLACEHOLDER_DESCRIPTIONS = {
  PRIVATE_KEY: secret('a private key block (RSA, EC, SSH, PGP, …)'),
  JWT: secret('a signed token (JSON Web Token)'),
  AWS_ACCESS_KEY: secret('an AWS access key id'),
  AWS_SECRET_KEY: secret('an AWS secret access key'),
  GCP_API_KEY: secret('a Google Cloud API key'),
  AZURE_KEY: secret('an Azure key, connection-string secret or SAS signature'),
  GITHUB_TOKEN: secret('a GitHub token'),
  GITLAB_TOKEN: secret('a GitLab token'),
  SLACK_TOKEN: secret('a Slack token'),
  SLACK_WEBHOOK: secret('a Slack webhook address'),
  STRIPE_KEY: secret('a Stripe key'),
  OPENAI_KEY: secret('an OpenAI API key'),
  ANTHROPIC_KEY: secret('an Anthropic API key'),
  NPM_TOKEN: secret('an npm token'),
  PYPI_TOKEN: secret('a PyPI token'),
  HUGGINGFACE_TOKEN: secret('a Hugging Face token'),
  SENDGRID_KEY: secret('a SendGrid API key'),
  VAULT_TOKEN: secret('a HashiCorp Vault token'),
  TWILIO_KEY: secret('a Twilio API key'),
  SERVICE_TOKEN: secret(
    'another service’s token recognisable by its prefix (Shopify, DigitalOcean, Grafana, Doppler, …)',
  ),
  URI_CREDENTIALS: secret('a user name and password inside an address (user:password@host)'),
  BASIC_AUTH: secret('a user name and password given to a command (e.g. curl -u user:password)'),
  AUTH_HEADER: secret('an Authorization header or bearer token'),
  COOKIE: secret('a cookie value'),
  PASSWORD: secret('a password: in an assignment, a --password flag, a -p option or a .netrc line'),
  SECRET: secret('another secret: a random-looking value next to a word like key, token or secret'),
  EMAIL: personal('an e-mail address'),
  PHONE: personal('a phone number'),
  DATE_OF_BIRTH: personal('a date of birth'),
  SSN: personal('a US Social Security number'),
  NATIONAL_ID: personal(
    'a national identity number (UK National Insurance, Spanish DNI/NIE, Indian Aadhaar)',
  ),
  CARD_NUMBER: personal('a payment card number (checked with the Luhn digit)'),
  IBAN: personal('a bank account number (IBAN, checked)'),
  IP_ADDRESS: personal('an IP address'),
  MAC_ADDRESS: personal('a network hardware (MAC) address'),
  HOME_USER: personal('the user name in a home folder path (/Users/name, /home/name, C:\\Users\\name)'),
  USER_AT_HOST: personal('a login in a command (ssh name@host)'),
  USERNAME: personal('a user name given to a command (--username, a .netrc login)'),
  PERSON_NAME: personal('a person’s full name'),
  INTERNAL_HOST: personal('a host name of the company’s internal network'),
  IDENTITY: personal(
    'your own identifiers (employee id, device id, user names, e-mail addresses, name) and, where the company loads its people directory, any colleague’s',
  ),
  PERSONAL_DOMAIN: personal(
    'not a placeholder: a web domain built from someone’s name or user name is stored as empty, and counted under this name',
  ),
} as const satisfies Readonly<Record<PlaceholderType, PlaceholderDescription>>;
