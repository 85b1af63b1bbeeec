/**
 * The full ingest core (read → validate → policy → pseudonymize → scrub → deliver) on a realistic
 * mixed 500-event batch: once with an in-memory sink, then with the real Firehose sink over the
 * real `FirehoseClient` whose HTTP handler is a fake (so the SDK's request serialization, SigV4
 * signing and response parsing are all paid, only the network is not), over a client mocked with
 * aws-sdk-client-mock (which skips serialization), and over a hand-rolled fake `send`. The row
 * encoding is also timed alone. Not a timed test: it prints figures. Run alone:
 * `npx tsx bench/handler.ts`.
 */

import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandInput,
} from '@aws-sdk/client-firehose';
import { HttpResponse } from '@smithy/protocol-http';
import { mockClient } from 'aws-sdk-client-mock';
import { employeeCaller } from '../lib/ingest/caller.ts';
import { DEFAULT_INGEST_CONFIG } from '../lib/ingest/config.ts';
import { createFirehoseSink } from '../lib/ingest/firehose-sink.ts';
import { handleIngestRequest, type IngestDeps } from '../lib/ingest/handle-request.ts';
import { createMemorySink } from '../lib/ingest/memory-sink.ts';
import { applyPolicy } from '../lib/ingest/policy.ts';
import type { IngestRequest, WindowKeyProvider } from '../lib/ingest/ports.ts';
import { createScrubber, prepareHints } from '../lib/ingest/scrub/index.ts';
import { encodeRows } from '../lib/ingest/serialize-row.ts';
import { validateEvents } from '../lib/ingest/validate.ts';
import { realisticBatch } from '../lib/synthetic/index.ts';

const BATCH_SIZE = 500;
const MIN_ITERATIONS = 30;
const MIN_MS = 3000;

const keys: WindowKeyProvider = { windowKey: async () => new Uint8Array(32).fill(1) };
const config = { ...DEFAULT_INGEST_CONFIG, internalDomains: ['corp.example.com'] };

export function batchRequest(): { request: IngestRequest; bytes: number; body: string } {
  const envelope = realisticBatch('bench', BATCH_SIZE);
  const latest = Math.max(...envelope.events.map((e) => Date.parse(e.occurred_at)));
  const body = JSON.stringify(envelope);
  return {
    body,
    bytes: Buffer.byteLength(body),
    request: {
      contentType: 'application/json',
      body,
      requestId: 'bench',
      receivedAt: new Date(latest + 60_000),
      caller: employeeCaller(envelope.employee_id ?? 'bench'),
    },
  };
}

/**
 * Median wall time per batch, and median CPU time (user + system) of this process per batch:
 * on a shared machine the CPU time is the steadier figure of what one core does.
 */
export async function measure(label: string, fn: () => Promise<unknown>, events: number) {
  for (let i = 0; i < 5; i++) await fn(); // warm up JIT and caches
  const wall: number[] = [];
  const cpu: number[] = [];
  const start = performance.now();
  while (wall.length < MIN_ITERATIONS || performance.now() - start < MIN_MS) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const wallMs = median(wall);
  const cpuMs = median(cpu);
  const perSec = Math.round((events / wallMs) * 1000);
  const perCpuSec = Math.round((events / cpuMs) * 1000);
  const fmt = (n: number) => n.toLocaleString('en-US').padStart(9);
  console.log(
    `${label.padEnd(38)} ${wallMs.toFixed(2).padStart(7)} ms wall ${fmt(perSec)} events/s | ${cpuMs.toFixed(2).padStart(7)} ms CPU ${fmt(perCpuSec)} events/CPU-s  [${wall.length} runs]`,
  );
  return { median: wallMs, perSec, cpuMs, perCpuSec };
}

export async function run(): Promise<void> {
  const { request, bytes, body } = batchRequest();
  console.log(
    `batch: ${BATCH_SIZE} events, ${(bytes / 1024).toFixed(0)} KiB, Node ${process.version}, one core`,
  );

  const check = await handleIngestRequest(request, { keys, sink: createMemorySink(), config });
  const verdicts = JSON.parse(check.body) as { accepted: number; rejected: number; retry: number };
  console.log(
    `verdicts: status ${check.statusCode}, ${verdicts.accepted} accepted, ${verdicts.rejected} rejected, ${verdicts.retry} retry`,
  );

  const json = await measure(
    'JSON.parse + JSON.stringify (baseline)',
    async () => JSON.stringify(JSON.parse(body)),
    BATCH_SIZE,
  );

  // The scrubber's share: the same kept texts (content and paths) the core scrubs, with the batch's hints.
  const envelope = JSON.parse(body) as {
    events: unknown[];
    identity_hints?: Parameters<typeof prepareHints>[0];
  };
  const projections = validateEvents(envelope.events, request.receivedAt).valid.map((v) =>
    applyPolicy(v.event),
  );
  const texts = projections.flatMap((p) => [p.content, p.path]).filter((t): t is string => t !== null);
  const scrubber = createScrubber({
    maxBytes: config.maxContentBytes,
    internalDomains: config.internalDomains,
  });
  const hints = prepareHints(envelope.identity_hints ?? {});
  const scrub = await measure(
    `scrubber alone (${texts.length} texts)`,
    async () => {
      for (const t of texts) scrubber.scrub(t, hints);
    },
    BATCH_SIZE,
  );

  const memory: IngestDeps = { keys, sink: createMemorySink(), config };
  const mem = await measure(
    'core, in-memory sink',
    async () => {
      (memory.sink as ReturnType<typeof createMemorySink>).rows.length = 0;
      await handleIngestRequest(request, memory);
    },
    BATCH_SIZE,
  );

  // The real client: serialization, signing and parsing run; the fake handler answers as Firehose
  // does, one RecordId per record it was sent.
  const realClient = new FirehoseClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
    requestHandler: {
      handle: async (req: { body?: unknown }) => {
        const body = req.body;
        // The SDK's JSON body is a Uint8Array subclass that warns when read as a string: read its bytes.
        const bytes = (body ?? new Uint8Array()) as Uint8Array;
        const sent =
          typeof body === 'string'
            ? body
            : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
        let records = 0;
        for (let i = sent.indexOf('"Data"'); i !== -1; i = sent.indexOf('"Data"', i + 6)) records++;
        const answer = JSON.stringify({
          FailedPutCount: 0,
          Encrypted: false,
          RequestResponses: Array.from({ length: records }, (_, k) => ({ RecordId: `r${k}` })),
        });
        return {
          response: new HttpResponse({
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: Buffer.from(answer),
          }),
        };
      },
    },
  });
  const realSink = createFirehoseSink({ client: realClient, deliveryStreamName: 'bench' });
  const real = await measure(
    'core, Firehose sink (real client, fake HTTP)',
    () => handleIngestRequest(request, { keys, sink: realSink, config }),
    BATCH_SIZE,
  );

  const firehose = mockClient(FirehoseClient);
  firehose.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => ({
    FailedPutCount: 0,
    RequestResponses: (input.Records ?? []).map(() => ({ RecordId: 'r' })),
  }));
  const sink = createFirehoseSink({
    client: new FirehoseClient({ region: 'eu-west-1' }),
    deliveryStreamName: 'bench',
  });
  const fh = await measure(
    'core, Firehose sink (client mocked)',
    () => handleIngestRequest(request, { keys, sink, config }),
    BATCH_SIZE,
  );
  firehose.restore();

  // The same contract as the mock above (every record accepted), without the mock library.
  const fakeClient = {
    send: async (command: PutRecordBatchCommand) => ({
      FailedPutCount: 0,
      RequestResponses: (command.input.Records ?? []).map(() => ({ RecordId: 'r' })),
      $metadata: {},
    }),
  } as unknown as FirehoseClient;
  const fakeSink = createFirehoseSink({ client: fakeClient, deliveryStreamName: 'bench' });
  const fake = await measure(
    'core, Firehose sink (hand-rolled send)',
    () => handleIngestRequest(request, { keys, sink: fakeSink, config }),
    BATCH_SIZE,
  );

  // Our share of the Firehose path: encoding the delivered rows as records.
  const rows = [...(memory.sink as ReturnType<typeof createMemorySink>).rows];
  const encode = await measure(
    `row encoding alone (${rows.length} rows)`,
    async () => {
      encodeRows(rows);
    },
    BATCH_SIZE,
  );

  console.log(
    `scrubbing is ${Math.round((scrub.cpuMs / mem.cpuMs) * 100)}% of the in-memory core's CPU time`,
  );
  console.log(
    `ratio to JSON round trip (CPU): in-memory ${(mem.cpuMs / json.cpuMs).toFixed(1)}×, real client ${(real.cpuMs / json.cpuMs).toFixed(1)}×, Firehose mocked ${(fh.cpuMs / json.cpuMs).toFixed(1)}×, hand-rolled ${(fake.cpuMs / json.cpuMs).toFixed(1)}×`,
  );
  console.log(
    `the SDK's own cost (serialize, sign, parse) over the hand-rolled send: ${(real.cpuMs - fake.cpuMs).toFixed(2)} ms CPU per batch`,
  );
  console.log(
    `Firehose gap over in-memory (CPU): ${(fh.cpuMs - mem.cpuMs).toFixed(2)} ms with the mock library, ${(fake.cpuMs - mem.cpuMs).toFixed(2)} ms with the hand-rolled send, of which row encoding ${encode.cpuMs.toFixed(2)} ms`,
  );
  const verdict = (m: { perSec: number; perCpuSec: number }) =>
    `wall ${m.perSec >= 20_000 ? 'met' : 'NOT met'}, CPU ${m.perCpuSec >= 20_000 ? 'met' : 'NOT met'}`;
  console.log(
    `target ≥ 20,000 events/s: in-memory ${verdict(mem)}; real client ${verdict(real)}; Firehose hand-rolled ${verdict(fake)}; Firehose mocked ${verdict(fh)}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
