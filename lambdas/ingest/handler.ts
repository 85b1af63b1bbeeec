/**
 * The deployed ingest function. Settings are validated and clients created once per container
 * (at cold start); each invocation only runs the core.
 */
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { KMSClient } from '@aws-sdk/client-kms';
import { createS3DirectorySource } from '../../lib/directory/s3-source.ts';
import { createFirehoseSink } from '../../lib/ingest/firehose-sink.ts';
import { createKmsWindowKeyProvider } from '../../lib/ingest/kms-window-key.ts';
import { PLACEHOLDER_TYPES } from '../../lib/ingest/scrub/index.ts';
import { createPowertoolsTelemetry } from '../../lib/ingest/telemetry.ts';
import { createProxyHandler, type ProxyHandler } from './adapter.ts';
import { loadLambdaSettings } from './env.ts';

async function createHandler(): Promise<ProxyHandler> {
  const settings = loadLambdaSettings(process.env);
  const telemetry = createPowertoolsTelemetry({ redactionTypes: PLACEHOLDER_TYPES });
  // KMS: short timeouts, the SDK's own retries; a miss answers 503 and the agent retries later.
  const kms = new KMSClient({ requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 } });
  // Firehose: no SDK retries, the sink owns a bounded retry budget.
  const firehose = new FirehoseClient({ maxAttempts: 1, requestHandler: { connectionTimeout: 1000 } });
  // The people directory: loading starts now (cold start), refreshes in the background.
  // The S3 client is loaded only when a directory is configured: it is a large module to load.
  const directory =
    settings.directory &&
    createS3DirectorySource({
      client: new (await import('@aws-sdk/client-s3')).S3Client({
        requestHandler: { connectionTimeout: 1000, requestTimeout: 10_000 },
      }),
      bucket: settings.directory.bucket,
      key: settings.directory.key,
      refreshMs: settings.directory.refreshSeconds * 1000,
      onLoad: (outcome, detail) => telemetry.directoryLoaded(outcome, detail),
    });
  const deps = {
    config: settings.ingest,
    telemetry,
    ...(directory ? { directory } : {}),
    keys: createKmsWindowKeyProvider({
      client: kms,
      keyId: settings.pseudonymKeyId,
      onDerive: (outcome) => telemetry.keyDerived(outcome),
    }),
    sink: createFirehoseSink({
      client: firehose,
      deliveryStreamName: settings.deliveryStreamName,
      onRetry: (records) => telemetry.deliveryRetried(records),
      onCallError: (name, retryable) => telemetry.deliveryCallFailed(name, retryable),
    }),
  };
  return createProxyHandler(deps, settings.agent, (context) => telemetry.logger.addContext(context));
}

export const handler: ProxyHandler = await createHandler();
