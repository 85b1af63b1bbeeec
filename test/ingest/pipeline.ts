/**
 * The real core wired to mocked AWS clients (aws-sdk-client-mock) with a fake clock: what the
 * Lambda runs, minus the network. Tests read what reached Firehose as raw record bytes.
 */

import { createHash } from 'node:crypto';
import {
  FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandInput,
} from '@aws-sdk/client-firehose';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import type { HttpResponse } from '../../lib/api/contract.ts';
import { createFirehoseSink } from '../../lib/ingest/firehose-sink.ts';
import { handleIngestRequest } from '../../lib/ingest/handle-request.ts';
import { createKmsWindowKeyProvider } from '../../lib/ingest/kms-window-key.ts';
import type { IngestConfig, IngestRequest } from '../../lib/ingest/ports.ts';
import type { IngestTelemetry } from '../../lib/ingest/telemetry.ts';
import { config as defaultConfig, request } from './fixtures.ts';

export const firehoseMock = mockClient(FirehoseClient);
export const kmsMock = mockClient(KMSClient);

/** A MAC that depends on the label, as KMS's would: another window gives another key. */
export const fakeMac = (message: Uint8Array) =>
  new Uint8Array(createHash('sha256').update('kms').update(message).digest());

export function resetAws() {
  firehoseMock.reset();
  kmsMock.reset();
  kmsMock.on(GenerateMacCommand).callsFake((input) => ({ Mac: fakeMac(input.Message) }));
  firehoseMock.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => ({
    FailedPutCount: 0,
    RequestResponses: input.Records!.map((_, i) => ({ RecordId: `r${i}` })),
  }));
}

export function pipeline(
  options: { config?: IngestConfig; telemetry?: IngestTelemetry; budgetMs?: number } = {},
) {
  let t = 0;
  const deps = {
    config: options.config ?? defaultConfig,
    telemetry: options.telemetry,
    keys: createKmsWindowKeyProvider({
      client: new KMSClient({ region: 'eu-west-1' }),
      keyId: 'alias/pseudonym',
    }),
    sink: createFirehoseSink({
      client: new FirehoseClient({ region: 'eu-west-1' }),
      deliveryStreamName: 'activity-events',
      budgetMs: options.budgetMs ?? 3000,
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
    }),
  };
  return {
    deps,
    send: (body: unknown, overrides: Partial<IngestRequest> = {}): Promise<HttpResponse> =>
      handleIngestRequest(request(body, overrides), deps),
  };
}

/** Every record Firehose was asked to store, as raw text (what a leak check must search). */
export function sentText(): string {
  return firehoseMock
    .commandCalls(PutRecordBatchCommand)
    .flatMap((c) => c.args[0].input.Records ?? [])
    .map((r) => new TextDecoder().decode(r.Data))
    .join('');
}

/** Rows Firehose received, parsed. */
export function sentRows(): Record<string, unknown>[] {
  return sentText()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

export const putCalls = () => firehoseMock.commandCalls(PutRecordBatchCommand).length;
export const macCalls = () => kmsMock.commandCalls(GenerateMacCommand).length;
