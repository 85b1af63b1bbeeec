import { PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { GenerateMacCommand } from '@aws-sdk/client-kms';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createS3DirectorySource } from '../../lib/directory/s3-source.ts';
import { createPowertoolsTelemetry } from '../../lib/ingest/telemetry.ts';
import { plantedIn, plantedSecret } from './arbitraries.ts';
import { envelope, typical } from './fixtures.ts';
import { firehoseMock, kmsMock, pipeline, resetAws } from './pipeline.ts';

/** Everything written to stdout/stderr (Powertools writes logs and EMF metrics there). */
let captured: string[] = [];
beforeEach(() => {
  resetAws();
  captured = [];
  const capture = (chunk: unknown) => {
    captured.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => vi.restoreAllMocks());

const output = () => captured.join('');
const telemetry = () =>
  createPowertoolsTelemetry({
    env: { POWERTOOLS_SERVICE_NAME: 'activity-ingest', POWERTOOLS_METRICS_NAMESPACE: 'ActivityIngestTest' },
  });

describe('logs and metrics never carry content, identifiers or hints', () => {
  it('emits structured logs and EMF metrics: accepted, rejected by code, retry, redactions by type, latency', async () => {
    const p = pipeline({ telemetry: telemetry() });
    await p.send(
      envelope([{ ...typical.file_edit!(), diff: '+const k = "AKIAIOSFODNN7EXAMPLE";\n' }, { type: 'nope' }]),
    );
    const lines = output()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l));
    const emf = lines.filter((l) => l._aws);
    const metricNames = emf.flatMap((l) =>
      l._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name),
    );
    for (const name of ['EventsAccepted', 'EventsRejected', 'EventsRetry', 'BatchLatency', 'Redactions']) {
      expect(metricNames).toContain(name);
    }
    expect(emf.some((l) => l.code === 'unknown_event_type' && l.EventsRejected === 1)).toBe(true);
    expect(emf.some((l) => l.type === 'AWS_ACCESS_KEY' && l.Redactions === 1)).toBe(true);
    expect(emf[0]._aws.CloudWatchMetrics[0].Namespace).toBe('ActivityIngestTest');
    const log = lines.find((l) => l.message === 'batch');
    expect(log).toMatchObject({ level: 'INFO', status: 207, accepted: 1, rejected: 1, retry: 0 });
  });

  it('planted secrets, hints, employee/device/session ids and event ids never appear in captured output', async () => {
    await fc.assert(
      fc.asyncProperty(plantedSecret, async (secret) => {
        resetAws();
        captured = [];
        const events = [
          { ...typical.file_edit!(), diff: plantedIn.diff(secret) },
          { ...typical.terminal_command!(), command: plantedIn.command(secret) },
          { ...typical.build!(), diagnostics: plantedIn.diagnostics(secret) },
          { ...typical.navigation!(), url: plantedIn.url(secret) },
          { ...typical.window_focus!(), title: plantedIn.title(secret) },
          { ...typical.clipboard!(), type: `x-${secret}` }, // rejected: unknown type
          { ...typical.build!(), tool: secret, success: secret }, // rejected: invalid
        ];
        await pipeline({ telemetry: telemetry() }).send(envelope(events));
        const out = output();
        expect(out.length).toBeGreaterThan(0);
        for (const raw of [
          secret,
          'E-1029384',
          'alice-mbp-7781',
          'sess-4f1c2a',
          'alice.example@corp.example.com',
          'Alice Example',
          '/Users/alice',
          'npm test',
          ...events.map((e) => String((e as Record<string, unknown>).event_id)),
        ]) {
          expect(out).not.toContain(raw);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a KMS failure is logged by class only: no key id, no SDK message', async () => {
    kmsMock.on(GenerateMacCommand).rejects(
      Object.assign(new Error('User arn:aws:iam::123:user/alice is not authorized'), {
        name: 'AccessDeniedException',
      }),
    );
    const t = telemetry();
    const p = pipeline({ telemetry: t });
    p.deps.keys = (await import('../../lib/ingest/kms-window-key.ts')).createKmsWindowKeyProvider({
      client: new (await import('@aws-sdk/client-kms')).KMSClient({ region: 'eu-west-1' }),
      keyId: 'alias/pseudonym',
      onDerive: (o) => t.keyDerived(o),
    });
    const res = await p.send(envelope([typical.build!()]));
    expect(res.statusCode).toBe(503);
    expect(output()).toContain('pseudonym key unavailable');
    expect(output()).not.toMatch(/alice|arn:aws|alias\/pseudonym|not authorized/);
    expect(res.body).not.toMatch(/alice|arn:aws|alias\/pseudonym|not authorized/);
  });

  it('a Firehose failure is logged by class only', async () => {
    firehoseMock.on(PutRecordBatchCommand).rejects(
      Object.assign(new Error('stream activity-events for E-1029384'), {
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const t = telemetry();
    const { createFirehoseSink } = await import('../../lib/ingest/firehose-sink.ts');
    const { FirehoseClient } = await import('@aws-sdk/client-firehose');
    const p = pipeline({ telemetry: t });
    p.deps.sink = createFirehoseSink({
      client: new FirehoseClient({ region: 'eu-west-1' }),
      deliveryStreamName: 'activity-events',
      onCallError: (name, retryable) => t.deliveryCallFailed(name, retryable),
    });
    await p.send(envelope([typical.build!()]));
    expect(output()).toContain('ResourceNotFoundException');
    expect(output()).not.toMatch(/E-1029384|stream activity-events/);
  });

  it('a people directory that fails to load is a warning naming its class only: no bucket, key or message', async () => {
    const s3 = mockClient(S3Client);
    s3.on(GetObjectCommand).rejects(
      Object.assign(new Error('Access Denied for s3://corp-data/directory/people.bin (E-1029384)'), {
        name: 'AccessDenied',
      }),
    );
    const t = telemetry();
    const source = createS3DirectorySource({
      client: new S3Client({ region: 'eu-west-1' }),
      bucket: 'corp-data',
      key: 'directory/people.bin',
      refreshMs: 60_000,
      onLoad: (outcome, detail) => t.directoryLoaded(outcome, detail),
    });
    await source.ready;
    s3.restore();
    const line = captured.find((c) => c.includes('people directory'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ level: 'WARN', outcome: 'failed', error: 'AccessDenied' });
    expect(output()).not.toMatch(/corp-data|people\.bin|E-1029384|Access Denied/);
  });
});
