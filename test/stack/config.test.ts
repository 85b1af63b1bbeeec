/** Stack configuration from cdk context: defaults, parsing of `-c key=value` strings, validation errors. */
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromContext, DEFAULT_CONFIG, validateConfig } from '../../lib/config.ts';

const fromContext = (context: Record<string, unknown>) => configFromContext((key) => context[key]);

describe('stack configuration', () => {
  it('defaults are valid and match the issue (365-day retention, 128 MiB / 300 s, no trainer principals)', () => {
    expect(validateConfig(DEFAULT_CONFIG)).toBe(DEFAULT_CONFIG);
    expect(fromContext({})).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).toMatchObject({
      retentionDays: 365,
      errorRetentionDays: 30,
      noncurrentVersionDays: 7,
      bufferSizeMiB: 128,
      bufferIntervalSeconds: 300,
      trainerPrincipals: [],
      pseudonymWindow: 'day',
      releaseMinContributors: 5,
      releaseMinSessionEvents: 3,
      releaseWorkgroupName: 'activity-release',
    });
  });

  it('parses strings from -c and JSON values from cdk.json', () => {
    expect(
      fromContext({
        retentionDays: '400',
        trainerPrincipals: 'arn:aws:iam::123456789012:role/a, arn:aws:iam::123456789012:user/b',
        internalDomains: ['corp.example.com'],
        apiCloudWatchRole: 'false',
        logLevel: 'warn',
        bufferSizeMiB: 64,
      }),
    ).toMatchObject({
      retentionDays: 400,
      trainerPrincipals: ['arn:aws:iam::123456789012:role/a', 'arn:aws:iam::123456789012:user/b'],
      internalDomains: ['corp.example.com'],
      apiCloudWatchRole: false,
      logLevel: 'WARN',
      bufferSizeMiB: 64,
    });
  });

  it.each([
    [{ retentionDays: '0' }, /^retentionDays must be an integer from 1 to 3650, got 0$/],
    [{ retentionDays: 'a year' }, /^retentionDays must be a number, got 'a year'$/],
    [{ bufferSizeMiB: '32' }, /^bufferSizeMiB must be an integer from 64 to 128, got 32$/],
    [{ bufferIntervalSeconds: '901' }, /^bufferIntervalSeconds must be an integer from 0 to 900/],
    [{ logRetentionDays: '42' }, /^logRetentionDays must be one of 1, 3, 5, .*, got 42$/],
    [{ pseudonymWindow: 'year' }, /^pseudonymWindow must be one of day, week, month, got year$/],
    [{ trainerPrincipals: 'bob' }, /^trainerPrincipals must be IAM role, user or root ARNs/],
    [{ trainerPrincipals: 'arn:aws:iam::123:role/x' }, /^trainerPrincipals must be/],
    [{ projectionStartDate: '01/02/2026' }, /^projectionStartDate must be a date yyyy-MM-dd/],
    [{ projectionStartDate: '2026-13-45' }, /^projectionStartDate must be a real date/],
    [{ databaseName: 'Activity-Ingest' }, /^databaseName must be lowercase letters, digits, underscores/],
    [{ reservedConcurrency: '0' }, /^reservedConcurrency must be an integer from 1 to 1000/],
    [{ bytesScannedCutoffMiB: '1' }, /^bytesScannedCutoffMiB must be an integer from 10/],
    [{ maxEvents: '0' }, /^maxEvents must be an integer from 1 to/],
    [{ internalDomains: 'not a domain' }, /^internalDomains must be lowercase domain names/],
    [{ apiCloudWatchRole: 'yes' }, /^apiCloudWatchRole must be true or false/],
    [{ releaseMinContributors: '1' }, /^releaseMinContributors must be an integer from 2 to 10000, got 1$/],
    [{ releaseMinSessionEvents: '0' }, /^releaseMinSessionEvents must be an integer from 1 to 10000, got 0$/],
    [{ releaseWorkgroupName: 'activity-training' }, /^releaseWorkgroupName must differ from workgroupName/],
    [{ alarmEmail: 'ops' }, /^alarmEmail must be an email address like ops@example.com, got 'ops'$/],
    [{ alarmEmail: 'ops@example' }, /^alarmEmail must be an email address/],
    [{ alarmEmail: 'a b@example.com' }, /^alarmEmail must be an email address/],
    [{ alarmEmail: 42 }, /^alarmEmail must be a string, got 42$/],
    [
      { throttleRateLimit: '200', throttleBurstLimit: '100' },
      /^throttleBurstLimit must be at least throttleRateLimit/,
    ],
  ])('rejects %o naming the property and its allowed range', (context, message) => {
    expect(() => fromContext(context)).toThrow(ConfigError);
    expect(() => fromContext(context)).toThrow(message);
  });

  it('takes alarmEmail as an address, and empty as none', () => {
    expect(DEFAULT_CONFIG.alarmEmail).toBeNull();
    expect(fromContext({ alarmEmail: ' ops+ingest@corp.example.com ' }).alarmEmail).toBe(
      'ops+ingest@corp.example.com',
    );
    expect(fromContext({ alarmEmail: '' }).alarmEmail).toBeNull();
    expect(fromContext({ alarmEmail: null }).alarmEmail).toBeNull();
  });
});
