import { describe, expect, it } from 'vitest';
import { eventsUrl, fullJitterDelay, isLoopbackHost, parseRetryAfter } from '../../lib/client/index.ts';

describe('Retry-After', () => {
  const now = Date.parse('2026-01-05T10:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Mon, 05 Jan 2026 10:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 05 Jan 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('full jitter', () => {
  it('stays within [0, min(max, base·2^attempt)]', () => {
    expect(fullJitterDelay(0, 100, 1000, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, 100, 1000, () => 0.5)).toBe(400);
    expect(fullJitterDelay(10, 100, 1000, () => 0.999)).toBe(999);
    expect(fullJitterDelay(5, 100, 1000, () => 0)).toBe(0);
  });
});

describe('loopback detection (unsigned only on these)', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['localhost.example.com', false],
    ['abc.execute-api.eu-west-1.amazonaws.com', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

describe('endpoint URL', () => {
  it.each([
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787/v1/events'],
    [
      'https://abc.execute-api.eu-west-1.amazonaws.com/prod',
      'https://abc.execute-api.eu-west-1.amazonaws.com/prod/v1/events',
    ],
    [
      'https://abc.execute-api.eu-west-1.amazonaws.com/prod/',
      'https://abc.execute-api.eu-west-1.amazonaws.com/prod/v1/events',
    ],
    ['https://api.example.com/ingest/v1/events', 'https://api.example.com/ingest/v1/events'],
  ])('%s → %s', (endpoint, url) => {
    expect(eventsUrl(endpoint).href).toBe(url);
  });
});
