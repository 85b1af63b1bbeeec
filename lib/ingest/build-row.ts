/**
 * Assembles a stored row from what the policy kept, the pseudonyms and the scrubbed text.
 * Every column starts null; only policy targets and the structural columns are filled.
 */
import { EVENT_COLUMNS, SCHEMA_VERSION } from '../schema/columns.ts';
import type { StoredRow } from '../schema/types.ts';
import type { Projection, StringColumn } from './policy.ts';
import type { ScrubbedFields } from './scrub-fields.ts';
import { formatTimestamp, MAX_RECORD_BYTES, serializeRow } from './serialize-row.ts';
import type { ValidEvent } from './validate.ts';

const NULL_ROW = Object.fromEntries(EVENT_COLUMNS.map((c) => [c.name, null])) as Record<string, null>;

export interface RequestRowContext {
  readonly receivedAt: string;
  readonly window: string;
  readonly contributor: string;
  /** os and agent_version, already scrubbed. */
  readonly agent: Partial<Record<StringColumn, string>>;
}

export function buildRow(
  valid: ValidEvent,
  projection: Projection,
  scrubbed: ScrubbedFields,
  session: string,
  ctx: RequestRowContext,
): StoredRow {
  return {
    ...NULL_ROW,
    ...ctx.agent,
    ...projection.kept,
    ...scrubbed.labels,
    counts: projection.counts,
    path: scrubbed.path,
    domain: scrubbed.domain,
    content: scrubbed.content,
    content_truncated: scrubbed.contentTruncated,
    redactions: scrubbed.redactions,
    // Structural columns last: nothing the policy keeps can override them.
    event_id: valid.eventId,
    event_type: projection.eventType,
    occurred_at: formatTimestamp(valid.occurredAt),
    received_at: ctx.receivedAt,
    contributor: ctx.contributor,
    session,
    pseudonym_window: ctx.window,
    schema_version: SCHEMA_VERSION,
  } as StoredRow;
}

/** Whether the row fits one Firehose record. A cheap upper bound first (JSON escapes at most 6×), exact only when needed. */
export function fitsOneRecord(row: StoredRow): boolean {
  const textChars = (row.content?.length ?? 0) + (row.path?.length ?? 0);
  if (textChars * 6 + 8192 <= MAX_RECORD_BYTES) return true;
  return Buffer.byteLength(serializeRow(row), 'utf8') <= MAX_RECORD_BYTES;
}
