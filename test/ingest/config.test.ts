import { describe, expect, it } from 'vitest';
import { loadLambdaSettings } from '../../lambdas/ingest/env.ts';
import { ConfigError, DEFAULT_INGEST_CONFIG, loadIngestConfig } from '../../lib/ingest/config.ts';

const lambdaEnv = {
  DELIVERY_STREAM_NAME: 'activity-events',
  PSEUDONYM_KEY_ID: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  AGENT_ACCOUNT_ID: '123456789012',
  AGENT_ROLE_NAME: 'ActivityIngest-AgentsAgentRole1A2B3C4D-XYZ',
};

describe('settings are validated in one place, with errors that name the variable and the rule', () => {
  it('defaults everything that is unset', () => {
    expect(loadIngestConfig({})).toEqual(DEFAULT_INGEST_CONFIG);
    expect(DEFAULT_INGEST_CONFIG).toMatchObject({
      maxEvents: 500,
      maxBodyBytes: 1024 * 1024,
      maxContentBytes: 64 * 1024,
      pseudonymWindow: 'day',
    });
  });

  it('reads every setting', () => {
    expect(
      loadIngestConfig({
        MAX_EVENTS: '100',
        MAX_BODY_BYTES: '262144',
        MAX_CONTENT_BYTES: '16384',
        PSEUDONYM_WINDOW: 'week',
        INTERNAL_DOMAINS: ' corp.example.com, Build.Example.NET ,,',
      }),
    ).toEqual({
      maxEvents: 100,
      maxBodyBytes: 262144,
      maxContentBytes: 16384,
      pseudonymWindow: 'week',
      internalDomains: ['corp.example.com', 'build.example.net'],
    });
  });

  it.each([
    ['MAX_EVENTS', '0000'],
    ['MAX_EVENTS', 'many'],
    ['MAX_EVENTS', '1.5'],
    ['MAX_BODY_BYTES', '99999999'],
    ['MAX_CONTENT_BYTES', '-1'],
    ['MAX_CONTENT_BYTES', '1048576'],
    ['PSEUDONYM_WINDOW', 'hour'],
    ['INTERNAL_DOMAINS', 'corp.example.com,not a domain'],
  ])('rejects %s=%s, naming the variable but not the value', (name, value) => {
    let err: unknown;
    try {
      loadIngestConfig({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message.startsWith(`${name}: `)).toBe(true);
    expect((err as Error).message).not.toContain(value);
  });

  it('requires the Lambda settings DELIVERY_STREAM_NAME, PSEUDONYM_KEY_ID and the agent role', () => {
    expect(loadLambdaSettings(lambdaEnv)).toMatchObject({
      deliveryStreamName: 'activity-events',
      pseudonymKeyId: lambdaEnv.PSEUDONYM_KEY_ID,
      agent: { accountId: '123456789012', roleName: lambdaEnv.AGENT_ROLE_NAME },
      ingest: DEFAULT_INGEST_CONFIG,
    });
    // Without them the function could not tell agents from anyone else: it must not start.
    expect(() => loadLambdaSettings({ ...lambdaEnv, AGENT_ROLE_NAME: undefined })).toThrow(
      'AGENT_ROLE_NAME: is required',
    );
    expect(() => loadLambdaSettings({ ...lambdaEnv, AGENT_ACCOUNT_ID: '1234' })).toThrow(
      /^AGENT_ACCOUNT_ID: must be a 12-digit AWS account id/,
    );
    expect(() => loadLambdaSettings({ ...lambdaEnv, DELIVERY_STREAM_NAME: undefined })).toThrow(
      'DELIVERY_STREAM_NAME: is required',
    );
    expect(() => loadLambdaSettings({ ...lambdaEnv, PSEUDONYM_KEY_ID: 'my key' })).toThrow(
      /^PSEUDONYM_KEY_ID: must be/,
    );
    for (const keyId of [
      'alias/pseudonym',
      '1234abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws:kms:eu-west-1:123456789012:alias/p',
    ]) {
      expect(loadLambdaSettings({ ...lambdaEnv, PSEUDONYM_KEY_ID: keyId }).pseudonymKeyId).toBe(keyId);
    }
  });
});
