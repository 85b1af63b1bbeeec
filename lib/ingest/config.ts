import { REQUEST_LIMITS } from '../schema/request.ts';
import type { IngestConfig, PseudonymWindowKind } from './ports.ts';

/** An environment-like record: `process.env` in Lambda, the local server's own values otherwise. */
export type EnvLike = Readonly<Record<string, string | undefined>>;

/** Raised for a setting that is missing or breaks its rule; names the variable and the rule, never the value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Bounds of each setting, with the reason for the bound. */
export const CONFIG_BOUNDS = {
  maxEvents: { min: 1, max: 5000 },
  // Lambda's synchronous payload limit is 6 MB, and API Gateway base64-encodes binary bodies.
  maxBodyBytes: { min: 1024, max: 4 * 1024 * 1024 },
  // Two kept texts (content and path) plus JSON escaping must stay under Firehose's 1,000 KiB per record.
  maxContentBytes: { min: 1024, max: 256 * 1024 },
} as const;

export const DEFAULT_INGEST_CONFIG: IngestConfig = {
  maxEvents: REQUEST_LIMITS.maxEvents,
  maxBodyBytes: REQUEST_LIMITS.maxBodyBytes,
  maxContentBytes: 64 * 1024,
  pseudonymWindow: 'day',
  internalDomains: [],
};

const WINDOW_KINDS: readonly PseudonymWindowKind[] = ['day', 'week', 'month'];
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

/** An integer setting within bounds; unset or blank means `fallback`. */
export function integerSetting(
  env: EnvLike,
  name: string,
  bounds: { min: number; max: number },
  fallback: number,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw new ConfigError(`${name}: must be an integer between ${bounds.min} and ${bounds.max}`);
  }
  return value;
}

/**
 * Loads and validates the ingest settings from `MAX_EVENTS`, `MAX_BODY_BYTES`, `MAX_CONTENT_BYTES`,
 * `PSEUDONYM_WINDOW` (day|week|month) and `INTERNAL_DOMAINS` (comma-separated); unset means default.
 */
export function loadIngestConfig(env: EnvLike): IngestConfig {
  const window = env.PSEUDONYM_WINDOW?.trim().toLowerCase() || DEFAULT_INGEST_CONFIG.pseudonymWindow;
  if (!WINDOW_KINDS.includes(window as PseudonymWindowKind)) {
    throw new ConfigError(`PSEUDONYM_WINDOW: must be one of ${WINDOW_KINDS.join(', ')}`);
  }
  const internalDomains = (env.INTERNAL_DOMAINS ?? '')
    .split(',')
    .map((d) => d.trim().toLowerCase().replace(/\.$/, ''))
    .filter((d) => d !== '');
  internalDomains.forEach((d, i) => {
    if (!DOMAIN.test(d)) throw new ConfigError(`INTERNAL_DOMAINS: entry ${i + 1} must be a domain name`);
  });
  return {
    maxEvents: integerSetting(env, 'MAX_EVENTS', CONFIG_BOUNDS.maxEvents, DEFAULT_INGEST_CONFIG.maxEvents),
    maxBodyBytes: integerSetting(
      env,
      'MAX_BODY_BYTES',
      CONFIG_BOUNDS.maxBodyBytes,
      DEFAULT_INGEST_CONFIG.maxBodyBytes,
    ),
    maxContentBytes: integerSetting(
      env,
      'MAX_CONTENT_BYTES',
      CONFIG_BOUNDS.maxContentBytes,
      DEFAULT_INGEST_CONFIG.maxContentBytes,
    ),
    pseudonymWindow: window as PseudonymWindowKind,
    internalDomains: [...new Set(internalDomains)],
  };
}

/** A required string setting, checked against a pattern described in words. */
export function requiredSetting(env: EnvLike, name: string, pattern: RegExp, rule: string): string {
  const raw = env[name]?.trim();
  if (!raw) throw new ConfigError(`${name}: is required`);
  if (!pattern.test(raw)) throw new ConfigError(`${name}: must be ${rule}`);
  return raw;
}
