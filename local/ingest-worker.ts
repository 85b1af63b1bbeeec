/**
 * An ingest worker thread: runs the Lambda's handler core on one request at a time it is
 * given, so that validation, policy and scrubbing use every core. Rows are serialized here
 * and handed to the main thread, which owns the write-ahead log; a row counts as delivered
 * only when the main thread says it is fsynced.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Directory } from '../lib/directory/directory.ts';
import { fixedDirectory } from '../lib/directory/source.ts';
import { handleIngestRequest } from '../lib/ingest/handle-request.ts';
import type { RowSink } from '../lib/ingest/ports.ts';
import { serializeRow } from '../lib/ingest/serialize-row.ts';
import { silentTelemetry } from '../lib/ingest/telemetry.ts';
import { realisticBatch } from '../lib/synthetic/index.ts';
import { createLocalWindowKeyProvider } from './local-window-key.ts';
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol.ts';

const port = parentPort!;
const init = workerData as WorkerInit;
const send = (message: FromWorker) => port.postMessage(message);

const keys = createLocalWindowKeyProvider(init.secret);
const directory = fixedDirectory(init.directory ? Directory.fromArtifact(init.directory) : undefined);
let nextDelivery = 0;
const deliveries = new Map<number, (ok: boolean) => void>();

const sink: RowSink = {
  async deliver(rows) {
    let records: string[];
    try {
      records = rows.map(serializeRow);
    } catch {
      return rows.map(() => 'failed');
    }
    const id = nextDelivery++;
    const ok = await new Promise<boolean>((resolve) => {
      deliveries.set(id, resolve);
      send({ type: 'deliver', id, records });
    });
    return rows.map(() => (ok ? 'delivered' : 'failed'));
  },
};

const telemetry = {
  ...silentTelemetry,
  requestFailed: (arg: Parameters<typeof silentTelemetry.requestFailed>[0]) =>
    send({ type: 'telemetry', event: { kind: 'requestFailed', arg } }),
  batchCompleted: (arg: Parameters<typeof silentTelemetry.batchCompleted>[0]) =>
    send({ type: 'telemetry', event: { kind: 'batchCompleted', arg } }),
};

port.on('message', (message: ToWorker) => {
  if (message.type === 'delivered') {
    deliveries.get(message.id)?.(message.ok);
    deliveries.delete(message.id);
    return;
  }
  void handleIngestRequest(message.req, { keys, sink, config: init.config, telemetry, directory }).then(
    (response) => send({ type: 'response', id: message.id, response }),
  );
});

/**
 * Before taking traffic, run the core once on a realistic batch with a sink that stores
 * nothing: validators are compiled and the scrubber's code is optimized at startup, not
 * while the first agents wait.
 */
async function warmUp(): Promise<void> {
  const discard: RowSink = { deliver: async (rows) => rows.map(() => 'delivered') };
  const body = JSON.stringify(realisticBatch('warm-up', 300));
  for (let i = 0; i < 2; i++) {
    await handleIngestRequest(
      {
        contentType: 'application/json',
        body,
        requestId: 'warm-up',
        receivedAt: new Date(),
        caller: { kind: 'unauthenticated_open' },
      },
      {
        keys: createLocalWindowKeyProvider(new Uint8Array(32)),
        sink: discard,
        config: init.config,
        directory,
      },
    );
  }
}

void warmUp()
  .catch(() => {})
  .then(() => send({ type: 'ready' }));
