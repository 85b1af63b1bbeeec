/**
 * Placeholder types of the scrubber. A redacted value becomes `<TYPE>`; the row's `redactions`
 * map counts replacements per TYPE. Metrics iterate this list, so every type a detector can emit
 * is declared here and nowhere else.
 */
import type { Triggers } from './triggers.ts';

export const PLACEHOLDER_TYPES = [
  // Secrets: specific credential formats.
  'PRIVATE_KEY',
  'JWT',
  'AWS_ACCESS_KEY',
  'AWS_SECRET_KEY',
  'GCP_API_KEY',
  'AZURE_KEY',
  'GITHUB_TOKEN',
  'GITLAB_TOKEN',
  'SLACK_TOKEN',
  'SLACK_WEBHOOK',
  'STRIPE_KEY',
  'OPENAI_KEY',
  'ANTHROPIC_KEY',
  'NPM_TOKEN',
  'PYPI_TOKEN',
  'HUGGINGFACE_TOKEN',
  'SENDGRID_KEY',
  'VAULT_TOKEN',
  'TWILIO_KEY',
  /** Other providers' tokens with a documented prefix (the families of gitleaks' default rules). */
  'SERVICE_TOKEN',
  // Secrets: found by their surroundings.
  'URI_CREDENTIALS',
  'BASIC_AUTH',
  'AUTH_HEADER',
  'COOKIE',
  'PASSWORD',
  'SECRET',
  // Personal data.
  'EMAIL',
  'PHONE',
  'SSN',
  'NATIONAL_ID',
  'DATE_OF_BIRTH',
  'CARD_NUMBER',
  'IBAN',
  'IP_ADDRESS',
  'MAC_ADDRESS',
  'HOME_USER',
  'USER_AT_HOST',
  'USERNAME',
  'PERSON_NAME',
  'INTERNAL_HOST',
  'IDENTITY',
  // Counted, never written: a domain built from someone's identifier is stored as NULL.
  'PERSONAL_DOMAIN',
] as const;

export type PlaceholderType = (typeof PLACEHOLDER_TYPES)[number];

/**
 * When spans of different detectors overlap they are merged into one placeholder (so no part of
 * either value survives) and the type with the highest priority names it: the more specific
 * finding wins (`api_key = "AKIA…"` is an AWS key, not a generic secret). USER_AT_HOST outranks
 * EMAIL because it only fires in login contexts (`ssh jane@build.corp.io`).
 */
export const TYPE_PRIORITY: Readonly<Record<PlaceholderType, number>> = {
  PRIVATE_KEY: 100,
  JWT: 95,
  ANTHROPIC_KEY: 92,
  AWS_ACCESS_KEY: 90,
  AWS_SECRET_KEY: 90,
  GCP_API_KEY: 90,
  AZURE_KEY: 90,
  GITHUB_TOKEN: 90,
  GITLAB_TOKEN: 90,
  SLACK_TOKEN: 90,
  SLACK_WEBHOOK: 90,
  STRIPE_KEY: 90,
  NPM_TOKEN: 90,
  PYPI_TOKEN: 90,
  HUGGINGFACE_TOKEN: 90,
  SENDGRID_KEY: 90,
  VAULT_TOKEN: 90,
  TWILIO_KEY: 90,
  SERVICE_TOKEN: 88,
  OPENAI_KEY: 89,
  URI_CREDENTIALS: 85,
  BASIC_AUTH: 84,
  AUTH_HEADER: 80,
  COOKIE: 80,
  PASSWORD: 75,
  SECRET: 70,
  USER_AT_HOST: 61,
  EMAIL: 60,
  PERSON_NAME: 57,
  HOME_USER: 56,
  USERNAME: 54,
  IDENTITY: 52,
  PERSONAL_DOMAIN: 51,
  INTERNAL_HOST: 50,
  CARD_NUMBER: 46,
  IBAN: 45,
  SSN: 44,
  NATIONAL_ID: 43,
  DATE_OF_BIRTH: 42,
  PHONE: 40,
  IP_ADDRESS: 35,
  MAC_ADDRESS: 35,
};

/** Options after defaults, as detectors see them. */
export interface ResolvedOptions {
  readonly maxBytes: number;
  /** Lower-cased, without leading dots, deduplicated. */
  readonly internalDomains: readonly string[];
  /** Trigger id of each internal domain, or -1 when it is not printable ASCII (then `lower()` is searched). */
  readonly internalDomainTriggers: readonly number[];
}

/** One scan of one text. `lower` is computed at most once, on first use. */
export interface ScanInput {
  readonly text: string;
  lower(): string;
  /** Lower case whose index i holds text[i] lowered (case.ts): `lower()` unless a character's lower case is longer. */
  alignedLower(): string;
  readonly options: ResolvedOptions;
  /** Which registered trigger literals occur, and digit statistics: the detectors' prefilters. */
  readonly triggers: Triggers;
}

/** Reports the half-open span [start, end) of `text` as a value of `type`. */
export type Emit = (start: number, end: number, type: PlaceholderType) => void;

export interface Detector {
  /** Stable name, for tests and debugging; never logged with content. */
  readonly id: string;
  /** Must run in time linear in the text length and never throw. */
  find(input: ScanInput, emit: Emit): void;
}
