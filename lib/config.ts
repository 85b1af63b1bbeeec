/**
 * Typed stack configuration: defaults, parsing from CDK context (`cdk deploy -c key=value`) and
 * validation with errors that name the property and its allowed range. Loaded once, passed down.
 */
import { CONFIG_BOUNDS, DEFAULT_INGEST_CONFIG } from './ingest/config.ts';
import type { PseudonymWindowKind } from './ingest/ports.ts';
import { DEFAULT_RELEASE_SETTINGS, RELEASE_SETTING_BOUNDS } from './release/settings.ts';

export type PseudonymWindow = PseudonymWindowKind;
export const PSEUDONYM_WINDOWS: readonly PseudonymWindow[] = ['day', 'week', 'month'];

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export interface IngestConfig {
  /** Days after which stored events (`events/`) expire. @default 365 */
  readonly retentionDays: number;
  /** Days after which Firehose error output (`errors/`) expires. @default 30 */
  readonly errorRetentionDays: number;
  /** Days after which noncurrent object versions expire. @default 7 */
  readonly noncurrentVersionDays: number;
  /** Days after which Athena query results expire. @default 30 */
  readonly resultsRetentionDays: number;
  /** Retention of every log group of the stack, one of LOG_RETENTION_DAYS. @default 90 */
  readonly logRetentionDays: number;
  /**
   * IAM principal ARNs allowed to assume the trainer role. Empty: principals of this account
   * that an administrator explicitly allows `sts:AssumeRole` on it, and only with MFA.
   * @default []
   */
  readonly trainerPrincipals: readonly string[];
  /** Time window in which pseudonyms link rows. @default 'day' */
  readonly pseudonymWindow: PseudonymWindow;
  /** Firehose buffer size in MiB (64–128 with format conversion). @default 128 */
  readonly bufferSizeMiB: number;
  /** Firehose buffer interval in seconds (0–900). @default 300 */
  readonly bufferIntervalSeconds: number;
  /** Reserved concurrency of the ingest function (1–1000). @default 10 */
  readonly reservedConcurrency: number;
  /** Ingest function memory in MiB (128–10240). @default 512 */
  readonly memoryMiB: number;
  /** Steady-state request rate of the API stage, requests per second. @default 50 */
  readonly throttleRateLimit: number;
  /** Burst of the API stage, requests. @default 100 */
  readonly throttleBurstLimit: number;
  /** Athena per-query bytes-scanned cutoff in MiB (at least 10). @default 10240 */
  readonly bytesScannedCutoffMiB: number;
  /** First day of the `dt` partition projection, yyyy-MM-dd. @default '2026-01-01' */
  readonly projectionStartDate: string;
  /** Glue database name (lowercase letters, digits, underscores). @default 'activity_ingest' */
  readonly databaseName: string;
  /** Athena workgroup for trainers. @default 'activity-training' */
  readonly workgroupName: string;
  /** Athena workgroup of the release job; trainers are denied it. @default 'activity-release' */
  readonly releaseWorkgroupName: string;
  /** k: a quasi-identifier value is released only if this many distinct contributors used it that day (2–10000). @default 5 */
  readonly releaseMinContributors: number;
  /** Released sessions have at least this many events (1–10000). @default 3 */
  readonly releaseMinSessionEvents: number;
  /** Most events in one request (API model and function). @default the function's default, 500 */
  readonly maxEvents: number;
  /** Largest request body the function accepts, bytes. @default the function's default, 1 MiB */
  readonly maxBodyBytes: number;
  /** Kept text over this many UTF-8 bytes is truncated. @default the function's default, 64 KiB */
  readonly maxContentBytes: number;
  /** Domains the content policy treats as internal (comma-separated in context). @default [] */
  readonly internalDomains: readonly string[];
  /**
   * The people directory object in the data bucket, under `directory/` (upload the output of
   * `npm run directory -- build` there). Empty: no directory. @default ''
   */
  readonly directoryObjectKey: string;
  /** How often the function checks the directory object for a new version, minutes (1–1440). @default 15 */
  readonly directoryRefreshMinutes: number;
  /** Powertools log level of the function. @default 'INFO' */
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Create the account-wide API Gateway CloudWatch role (needed once per account and region for
   * execution logging). Set false when the account already has one.
   * @default true
   */
  readonly apiCloudWatchRole: boolean;
  /**
   * ARN of an IAM Roles Anywhere trust anchor (the company's device CA). Given: a Roles Anywhere
   * profile for AgentRole, whose trust policy requires the role session name to equal the device
   * certificate's subject CN (the employee id). Null: AgentRole trusts this account only (a
   * company credential broker assumes it with the employee id as session name).
   * @default null
   */
  readonly agentTrustAnchorArn: string | null;
  /**
   * Roles of this account that broker agent credentials (assume AgentRole with the employee id as
   * session name), when there is no trust anchor. Given: only they may assume AgentRole. Empty:
   * any principal of the account an administrator allows `sts:AssumeRole` on it may, and so may
   * post as any employee.
   * @default []
   */
  readonly agentBrokerPrincipals: readonly string[];
  /** Ship the function's source map and enable it (readable stack traces; larger, slower start). @default false */
  readonly functionSourceMap: boolean;
  /**
   * An email address subscribed to the alarm topic (alarms and privacy-guard notices). Null: the
   * topic has no subscription; subscribe your paging tool to the `AlarmTopicArn` output.
   * @default null
   */
  readonly alarmEmail: string | null;
}

/** How often the function checks the people directory for a new version, minutes: bounds and default. */
export const DIRECTORY_REFRESH_MINUTES = { min: 1, max: 1440, default: 15 } as const;

export const DEFAULT_CONFIG: IngestConfig = {
  retentionDays: 365,
  errorRetentionDays: 30,
  noncurrentVersionDays: 7,
  resultsRetentionDays: 30,
  logRetentionDays: 90,
  trainerPrincipals: [],
  pseudonymWindow: 'day',
  bufferSizeMiB: 128,
  bufferIntervalSeconds: 300,
  reservedConcurrency: 10,
  memoryMiB: 512,
  throttleRateLimit: 50,
  throttleBurstLimit: 100,
  bytesScannedCutoffMiB: 10 * 1024,
  projectionStartDate: '2026-01-01',
  databaseName: 'activity_ingest',
  workgroupName: 'activity-training',
  releaseWorkgroupName: 'activity-release',
  releaseMinContributors: DEFAULT_RELEASE_SETTINGS.minContributors,
  releaseMinSessionEvents: DEFAULT_RELEASE_SETTINGS.minSessionEvents,
  maxEvents: DEFAULT_INGEST_CONFIG.maxEvents,
  maxBodyBytes: DEFAULT_INGEST_CONFIG.maxBodyBytes,
  maxContentBytes: DEFAULT_INGEST_CONFIG.maxContentBytes,
  internalDomains: DEFAULT_INGEST_CONFIG.internalDomains,
  directoryObjectKey: '',
  directoryRefreshMinutes: DIRECTORY_REFRESH_MINUTES.default,
  logLevel: 'INFO',
  apiCloudWatchRole: true,
  agentTrustAnchorArn: null,
  agentBrokerPrincipals: [],
  functionSourceMap: false,
  alarmEmail: null,
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Key = keyof IngestConfig;

function int(key: Key, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${key} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function oneOf<T extends string | number>(key: Key, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) {
    throw new ConfigError(`${key} must be one of ${allowed.join(', ')}, got ${String(value)}`);
  }
  return value;
}

function matches(key: Key, value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new ConfigError(`${key} must be ${what}, got '${value}'`);
  return value;
}

// An IAM role, user or account root ARN, or a bare account id (CDK treats it as that account's root).
const PRINCIPAL_ARN = /^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+))$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const TRUST_ANCHOR_ARN = /^arn:aws[a-z-]*:rolesanywhere:[a-z0-9-]+:\d{12}:trust-anchor\/[0-9a-f-]{36}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// A plain mailbox address: what an SNS email subscription accepts, without quoting or comments.
const EMAIL =
  /^(?=.{3,254}$)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
// Under directory/ (trainers are denied it); S3's safe characters; no `.`/`..` segments.
const DIRECTORY_KEY = /^directory\/(?!(?:.*\/)?\.{1,2}(?:\/|$))[A-Za-z0-9!_.*'()/-]{1,1014}$/;

/** Validates a complete configuration; throws ConfigError naming the first bad property. */
export function validateConfig(c: IngestConfig): IngestConfig {
  int('retentionDays', c.retentionDays, 1, 3650);
  int('errorRetentionDays', c.errorRetentionDays, 1, 3650);
  int('noncurrentVersionDays', c.noncurrentVersionDays, 1, 365);
  int('resultsRetentionDays', c.resultsRetentionDays, 1, 3650);
  oneOf('logRetentionDays', c.logRetentionDays, LOG_RETENTION_DAYS as readonly number[]);
  for (const p of c.trainerPrincipals) {
    matches('trainerPrincipals', p, PRINCIPAL_ARN, 'IAM role, user or root ARNs (or 12-digit account ids)');
  }
  oneOf('pseudonymWindow', c.pseudonymWindow, PSEUDONYM_WINDOWS);
  int('bufferSizeMiB', c.bufferSizeMiB, 64, 128);
  int('bufferIntervalSeconds', c.bufferIntervalSeconds, 0, 900);
  int('reservedConcurrency', c.reservedConcurrency, 1, 1000);
  int('memoryMiB', c.memoryMiB, 128, 10240);
  int('throttleRateLimit', c.throttleRateLimit, 1, 10000);
  int('throttleBurstLimit', c.throttleBurstLimit, 1, 5000);
  int('bytesScannedCutoffMiB', c.bytesScannedCutoffMiB, 10, 1024 * 1024 * 1024);
  matches('projectionStartDate', c.projectionStartDate, /^\d{4}-\d{2}-\d{2}$/, 'a date yyyy-MM-dd');
  if (Number.isNaN(Date.parse(`${c.projectionStartDate}T00:00:00Z`))) {
    throw new ConfigError(`projectionStartDate must be a real date, got '${c.projectionStartDate}'`);
  }
  matches(
    'databaseName',
    c.databaseName,
    /^[a-z][a-z0-9_]{0,254}$/,
    'lowercase letters, digits, underscores',
  );
  matches('workgroupName', c.workgroupName, /^[a-zA-Z0-9._-]{1,128}$/, '1–128 of a-z A-Z 0-9 . _ -');
  matches(
    'releaseWorkgroupName',
    c.releaseWorkgroupName,
    /^[a-zA-Z0-9._-]{1,128}$/,
    '1–128 of a-z A-Z 0-9 . _ -',
  );
  if (c.releaseWorkgroupName === c.workgroupName) {
    throw new ConfigError('releaseWorkgroupName must differ from workgroupName (trainers are denied it)');
  }
  const k = RELEASE_SETTING_BOUNDS.minContributors;
  int('releaseMinContributors', c.releaseMinContributors, k.min, k.max);
  const events = RELEASE_SETTING_BOUNDS.minSessionEvents;
  int('releaseMinSessionEvents', c.releaseMinSessionEvents, events.min, events.max);
  // The function's own bounds, so a deployed value is one the function accepts at start-up.
  int('maxEvents', c.maxEvents, CONFIG_BOUNDS.maxEvents.min, CONFIG_BOUNDS.maxEvents.max);
  int('maxBodyBytes', c.maxBodyBytes, CONFIG_BOUNDS.maxBodyBytes.min, CONFIG_BOUNDS.maxBodyBytes.max);
  int(
    'maxContentBytes',
    c.maxContentBytes,
    CONFIG_BOUNDS.maxContentBytes.min,
    CONFIG_BOUNDS.maxContentBytes.max,
  );
  for (const d of c.internalDomains) matches('internalDomains', d, DOMAIN, 'lowercase domain names');
  if (c.directoryObjectKey !== '') {
    matches(
      'directoryObjectKey',
      c.directoryObjectKey,
      DIRECTORY_KEY,
      "an S3 key under directory/ (letters, digits and ! - _ . * ' ( ) /, at most 1024 characters)",
    );
  }
  const refresh = DIRECTORY_REFRESH_MINUTES;
  int('directoryRefreshMinutes', c.directoryRefreshMinutes, refresh.min, refresh.max);
  oneOf('logLevel', c.logLevel, ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const);
  if (c.agentTrustAnchorArn !== null) {
    matches(
      'agentTrustAnchorArn',
      c.agentTrustAnchorArn,
      TRUST_ANCHOR_ARN,
      'an IAM Roles Anywhere trust anchor ARN (arn:aws:rolesanywhere:REGION:ACCOUNT:trust-anchor/ID)',
    );
  }
  for (const p of c.agentBrokerPrincipals) {
    matches(
      'agentBrokerPrincipals',
      p,
      ROLE_ARN,
      'IAM role ARNs of this account (arn:aws:iam::ACCOUNT:role/NAME)',
    );
  }
  if (c.agentBrokerPrincipals.length > 0 && c.agentTrustAnchorArn !== null) {
    throw new ConfigError(
      'agentBrokerPrincipals and agentTrustAnchorArn are two ways devices get AgentRole sessions: set one',
    );
  }
  if (c.alarmEmail !== null) {
    matches('alarmEmail', c.alarmEmail, EMAIL, 'an email address like ops@example.com');
  }
  if (c.throttleBurstLimit < c.throttleRateLimit) {
    throw new ConfigError(
      `throttleBurstLimit must be at least throttleRateLimit (${c.throttleRateLimit}), got ${c.throttleBurstLimit}`,
    );
  }
  return c;
}

/** Reads one context value: strings from `-c key=value`, JSON values from cdk.json. */
type ContextReader = (key: string) => unknown;

function numberFrom(key: Key, raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())) return Number(raw.trim());
  throw new ConfigError(`${key} must be a number, got '${String(raw)}'`);
}

function listFrom(key: Key, raw: unknown): string[] {
  if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) return raw.map((v) => v.trim());
  if (typeof raw === 'string') {
    return raw
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
  }
  throw new ConfigError(`${key} must be a comma-separated string or a list of strings`);
}

function booleanFrom(key: Key, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new ConfigError(`${key} must be true or false, got '${String(raw)}'`);
}

function stringFrom(key: Key, raw: unknown): string {
  if (typeof raw === 'string') return raw.trim();
  throw new ConfigError(`${key} must be a string, got ${JSON.stringify(raw)}`);
}

/** A string setting where empty (or JSON null) means "not set". */
function optionalStringFrom(key: Key, raw: unknown): string | null {
  const value = raw === null ? '' : stringFrom(key, raw);
  return value === '' ? null : value;
}

const PARSERS: { [K in Key]: (key: K, raw: unknown) => IngestConfig[K] } = {
  retentionDays: numberFrom,
  errorRetentionDays: numberFrom,
  noncurrentVersionDays: numberFrom,
  resultsRetentionDays: numberFrom,
  logRetentionDays: numberFrom,
  trainerPrincipals: listFrom,
  pseudonymWindow: (k, raw) => stringFrom(k, raw) as PseudonymWindow,
  bufferSizeMiB: numberFrom,
  bufferIntervalSeconds: numberFrom,
  reservedConcurrency: numberFrom,
  memoryMiB: numberFrom,
  throttleRateLimit: numberFrom,
  throttleBurstLimit: numberFrom,
  bytesScannedCutoffMiB: numberFrom,
  projectionStartDate: stringFrom,
  databaseName: stringFrom,
  workgroupName: stringFrom,
  releaseWorkgroupName: stringFrom,
  releaseMinContributors: numberFrom,
  releaseMinSessionEvents: numberFrom,
  maxEvents: numberFrom,
  maxBodyBytes: numberFrom,
  maxContentBytes: numberFrom,
  internalDomains: listFrom,
  directoryObjectKey: stringFrom,
  directoryRefreshMinutes: numberFrom,
  logLevel: (k, raw) => stringFrom(k, raw).toUpperCase() as IngestConfig['logLevel'],
  apiCloudWatchRole: booleanFrom,
  agentTrustAnchorArn: optionalStringFrom,
  agentBrokerPrincipals: listFrom,
  functionSourceMap: booleanFrom,
  alarmEmail: optionalStringFrom,
};

export const CONFIG_KEYS = Object.keys(PARSERS) as Key[];

/** Builds the configuration from context values over the defaults, then validates it. */
export function configFromContext(
  read: ContextReader,
  defaults: IngestConfig = DEFAULT_CONFIG,
): IngestConfig {
  const config: Record<string, unknown> = { ...defaults };
  for (const key of CONFIG_KEYS) {
    const raw = read(key);
    if (raw === undefined) continue;
    config[key] = (PARSERS[key] as (k: Key, r: unknown) => unknown)(key, raw);
  }
  return validateConfig(config as unknown as IngestConfig);
}
