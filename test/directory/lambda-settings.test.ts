/** The function's directory settings: all three or none, checked at cold start, errors name the variable. */
import { describe, expect, it } from 'vitest';
import { loadLambdaSettings } from '../../lambdas/ingest/env.ts';
import { ConfigError } from '../../lib/ingest/config.ts';

const BASE = {
  DELIVERY_STREAM_NAME: 'activity-events',
  PSEUDONYM_KEY_ID: 'alias/activity-ingest-pseudonym',
  AGENT_ACCOUNT_ID: '123456789012',
  AGENT_ROLE_NAME: 'activity-agent-role',
};

describe('directory settings of the function', () => {
  it('none: no directory', () => {
    expect(loadLambdaSettings(BASE).directory).toBeUndefined();
  });

  it('bucket, key and refresh interval', () => {
    const s = loadLambdaSettings({
      ...BASE,
      DIRECTORY_BUCKET: 'activity-data-123',
      DIRECTORY_OBJECT_KEY: 'directory/people.bin',
      DIRECTORY_REFRESH_SECONDS: '600',
    });
    expect(s.directory).toEqual({
      bucket: 'activity-data-123',
      key: 'directory/people.bin',
      refreshSeconds: 600,
    });
  });

  it.each([
    [{ DIRECTORY_BUCKET: 'activity-data-123' }, 'DIRECTORY_OBJECT_KEY: is required'],
    [{ DIRECTORY_OBJECT_KEY: 'directory/people.bin' }, 'DIRECTORY_BUCKET: is required'],
    [
      { DIRECTORY_BUCKET: 'b-1', DIRECTORY_OBJECT_KEY: 'events/people.bin' },
      'DIRECTORY_OBJECT_KEY: must be an S3 key under directory/',
    ],
    [
      { DIRECTORY_BUCKET: 'b-1', DIRECTORY_OBJECT_KEY: 'directory/p.bin', DIRECTORY_REFRESH_SECONDS: '5' },
      'DIRECTORY_REFRESH_SECONDS: must be an integer between 60 and 86400',
    ],
  ])('refuses %j', (env, message) => {
    expect(() => loadLambdaSettings({ ...BASE, ...env })).toThrow(ConfigError);
    expect(() => loadLambdaSettings({ ...BASE, ...env })).toThrow(message);
  });
});
