/**
 * The employee's preview on the realistic 500-event batch, beside the ingest core on the same batch
 * (both run `makeRows`; the core adds reading, HMAC pseudonyms and delivery, the preview the fates
 * of each field) and the table and JSON rendering: what previewing a full spool costs per event.
 * Not a timed test: it prints figures. Run alone: `npx tsx bench/preview.ts`.
 */
import { pathToFileURL } from 'node:url';
import { printableJson } from '../lib/cli/safe-text.ts';
import { DEFAULT_INGEST_CONFIG } from '../lib/ingest/config.ts';
import { handleIngestRequest } from '../lib/ingest/handle-request.ts';
import { createMemorySink } from '../lib/ingest/memory-sink.ts';
import { previewEvents } from '../lib/preview/preview-events.ts';
import { renderTable } from '../lib/preview/render-table.ts';
import type { RequestEnvelope } from '../lib/schema/request.ts';
import { batchRequest, measure } from './handler.ts';

export async function run(): Promise<void> {
  const { request, body } = batchRequest();
  const envelope = JSON.parse(body) as RequestEnvelope;
  const n = envelope.events.length;
  const options = {
    employeeId: envelope.employee_id ?? 'bench',
    agent: envelope.agent,
    ...(envelope.identity_hints ? { identityHints: envelope.identity_hints } : {}),
    ...(envelope.device_id ? { deviceId: envelope.device_id } : {}),
    now: request.receivedAt,
  };
  const keys = { windowKey: async () => new Uint8Array(32).fill(1) };
  const sink = createMemorySink();
  const core = await measure(
    'ingest core, in-memory sink',
    async () => {
      sink.rows.length = 0;
      await handleIngestRequest(request, { keys, sink, config: DEFAULT_INGEST_CONFIG });
    },
    n,
  );
  const preview = await measure('previewEvents', async () => previewEvents(envelope.events, options), n);
  const p = previewEvents(envelope.events, options);
  const table = await measure('render table', async () => renderTable(p, { title: 'bench' }), n);
  const json = await measure('render JSON (printable)', async () => printableJson(p, 2), n);
  console.log(
    `preview / core: ${(preview.median / core.median).toFixed(2)}× wall; preview + table: ${(((preview.median + table.median) / n) * 1000).toFixed(0)} µs/event; ` +
      `output ${(renderTable(p, { title: 'bench' }).length / 1024).toFixed(0)} KiB table, ${(printableJson(p, 2).length / 1024).toFixed(0)} KiB JSON (json ${json.median.toFixed(1)} ms)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
