/**
 * `activity-agent preview [FILE.jsonl | --spool DIR] [--format table|json]`: what would be stored
 * of the employee's own events, computed here by the ingest core; nothing is sent or written.
 */

import { printableJson } from '../../cli/safe-text.ts';
import type { Directory } from '../../directory/directory.ts';
import { loadDirectoryFile } from '../../directory/load.ts';
import { type EnvLike, loadIngestConfig } from '../../ingest/config.ts';
import { previewEvents } from '../../preview/preview-events.ts';
import { renderTable } from '../../preview/render-table.ts';
import {
  batchesFromFile,
  batchFromSpool,
  type FlagIdentity,
  type PreviewBatch,
  type UnreadableLine,
} from '../../preview/sources.ts';

export interface PreviewCommand {
  /** A JSONL file of events and/or request envelopes. */
  readonly file?: string;
  /** An agent's spool folder. */
  readonly spool?: string;
  readonly format: 'table' | 'json';
  readonly identity: FlagIdentity;
  /** A people directory (CSV or built artifact), as the server's `--directory`. */
  readonly directoryFile?: string;
  /** The ingest settings, read like the server's: MAX_CONTENT_BYTES, INTERNAL_DOMAINS, PSEUDONYM_WINDOW. */
  readonly env: EnvLike;
}

const NO_DIRECTORY_NOTE =
  'Without --directory, colleagues are removed only where the scrubber recognises a name; the server also removes everyone in the organisation’s people directory.';

/** Prints the preview; resolves with the exit code: 0 all would be stored, 1 some rejected or unreadable. */
export async function runPreview(cmd: PreviewCommand, write: (text: string) => void): Promise<number> {
  const config = loadIngestConfig(cmd.env);
  const directory: Directory | undefined =
    cmd.directoryFile === undefined ? undefined : await loadDirectoryFile(cmd.directoryFile);
  let batches: PreviewBatch[];
  let unreadable: UnreadableLine[] = [];
  if (cmd.spool !== undefined) {
    batches = [await batchFromSpool(cmd.spool, cmd.identity)];
  } else {
    ({ batches, unreadable } = await batchesFromFile(cmd.file ?? '', cmd.identity, config.maxEvents));
  }
  const now = new Date();
  const previews = batches.map((batch) => ({
    batch,
    preview: previewEvents(batch.events, {
      ...batch.identity,
      config,
      now,
      ...(directory ? { directory } : {}),
    }),
  }));

  if (cmd.format === 'json') {
    const out = {
      sent: false,
      batches: previews.map(({ batch, preview }) => ({
        source: batch.title,
        ...(batch.lines ? { lines: batch.lines } : {}),
        ...preview,
      })),
      unreadable,
    };
    write(`${printableJson(out, 2)}\n`);
  } else {
    write('Nothing was sent. This is what the ingest function would store of these events:\n\n');
    for (const { batch, preview } of previews) {
      if (batch.events.length === 0) {
        write(`${batch.title}: nothing is waiting to be sent\n\n`);
        continue;
      }
      const lines = batch.lines;
      write(
        `${renderTable(preview, { title: batch.title, ...(lines ? { locate: (i) => `line ${lines[i]}` } : {}) })}\n`,
      );
    }
    for (const u of unreadable) write(`line ${u.line}: ${u.reason}\n`);
    if (directory === undefined) write(`${NO_DIRECTORY_NOTE}\n`);
  }
  const rejected = previews.some(({ preview }) => preview.totals.rejected > 0);
  return rejected || unreadable.length > 0 ? 1 : 0;
}
