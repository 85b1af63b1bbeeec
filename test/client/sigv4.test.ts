import { afterEach, describe, expect, it } from 'vitest';
import { createSigner } from '../../lib/client/index.ts';
import { FakeApi } from './fake-api.ts';
import { client, events } from './helpers.ts';

// AWS Signature Version 4 test suite (aws-sig-v4-test-suite): published credentials, date and region.
const SUITE_CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const SUITE_DATE = new Date('2015-08-30T12:36:00Z');
const SCOPE = 'Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';

describe('SigV4 signing matches the published AWS test vectors (through the client’s signing path)', () => {
  const sign = createSigner({ region: 'us-east-1', service: 'service', credentials: SUITE_CREDENTIALS });

  it.each([
    [
      'get-vanilla',
      'GET',
      'https://example.amazonaws.com/',
      '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    ],
    [
      'get-vanilla-query-order-key-case',
      'GET',
      'https://example.amazonaws.com/?Param2=value2&Param1=value1',
      'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    ],
    [
      'post-vanilla',
      'POST',
      'https://example.amazonaws.com/',
      '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
    ],
  ])('%s', async (_name, method, url, signature) => {
    const headers = await sign({ method, url: new URL(url), headers: {} }, SUITE_DATE);
    expect(headers['x-amz-date']).toBe('20150830T123600Z');
    expect(headers.authorization).toBe(
      `AWS4-HMAC-SHA256 ${SCOPE}, SignedHeaders=host;x-amz-date, Signature=${signature}`,
    );
  });
});

describe('requests the client sends verify when the server re-signs them independently', () => {
  let api: FakeApi | undefined;
  afterEach(async () => api?.stop());

  it('signs every request (sigv4 forced on loopback) with a signature the server can reproduce', async () => {
    const creds = {
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'test-secret-not-real',
      region: 'eu-west-1',
    };
    api = await new FakeApi({ verifySigV4: creds }).start();
    const c = client(api.url, {
      signing: 'sigv4',
      region: 'eu-west-1',
      credentials: {
        accessKeyId: creds.accessKeyId,
        secretAccessKey: creds.secretAccessKey,
        sessionToken: 'tok',
      },
      maxBatchEvents: 20,
    });
    for (const e of events(50)) await c.record(e);
    await c.flush();
    await c.close();
    expect(api.requests.length).toBeGreaterThanOrEqual(3);
    expect(api.requests.every((r) => r.signatureValid === true)).toBe(true);
    expect(api.acceptedIds().size).toBe(50);
  });

  it('a wrong secret does not verify (the check is not vacuous)', async () => {
    const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'server-secret', region: 'eu-west-1' };
    api = await new FakeApi({ verifySigV4: creds }).start();
    const c = client(api.url, {
      signing: 'sigv4',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'client-secret' },
    });
    await c.record(events(1)[0]!);
    await c.flush();
    await c.close();
    expect(api.requests[0]!.signatureValid).toBe(false);
  });

  it('sends no Authorization header to a loopback endpoint in auto mode', async () => {
    api = await new FakeApi({
      verifySigV4: { accessKeyId: 'x', secretAccessKey: 'y', region: 'us-east-1' },
    }).start();
    const c = client(api.url);
    await c.record(events(1)[0]!);
    await c.flush();
    await c.close();
    expect(api.requests[0]!.signatureValid).toBe(false);
  });
});
