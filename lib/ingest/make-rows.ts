/**
 * Steps 2–4 of an event's path, without the edges: policy → pseudonyms → scrub → the stored row,
 * for the valid events of one request. The ingest core calls it with pseudonyms made from the
 * window key and delivers the rows; the employee's preview calls it with placeholder pseudonyms
 * (`<you>`, `<session 1>`) and delivers nothing. One code path, so a preview shows what is stored.
 */
import type { EventVerdict } from '../api/contract.ts';
import type { Directory } from '../directory/directory.ts';
import type { AgentInfo, IdentityHints } from '../schema/request.ts';
import type { StoredRow } from '../schema/types.ts';
import { buildRow, fitsOneRecord } from './build-row.ts';
import { agentLabels, applyPolicy, homeUserNames, type Projection } from './policy.ts';
import type { IngestConfig } from './ports.ts';
import { requestHints, requestScrubber, scrubberFor, scrubFields, scrubLabels } from './scrub-fields.ts';
import { formatTimestamp } from './serialize-row.ts';
import type { ValidEvent } from './validate.ts';

/** The pseudonyms of one request's employee and sessions. */
export interface Pseudonyms {
  readonly contributor: string;
  session(sessionId: string): string;
}

export interface RowsRequest {
  /** The events that passed validation, in request order. */
  readonly valid: readonly ValidEvent[];
  /** The employee the credentials name, normalised. */
  readonly employeeId: string;
  /** The body's spelling of the employee id, when one was sent: scrubbed too. */
  readonly bodyEmployeeId?: string | undefined;
  readonly deviceId?: string | undefined;
  readonly identityHints?: IdentityHints | undefined;
  /** The sending agent; without it, `os` and `agent_version` stay null. */
  readonly agent?: AgentInfo | undefined;
  readonly receivedAt: Date;
  /** The pseudonym window label of `receivedAt`. */
  readonly window: string;
  readonly pseudonyms: Pseudonyms;
  readonly config: IngestConfig;
  readonly directory?: Directory | undefined;
}

/** A valid event that can be stored: what the policy let through, and the row. */
export interface MadeRow {
  readonly valid: ValidEvent;
  readonly projection: Projection;
  readonly row: StoredRow;
}

export interface MadeRows {
  readonly made: MadeRow[];
  /** Valid events no safe row could be made of (`policy_violation`). */
  readonly rejected: EventVerdict[];
}

export function makeRows(req: RowsRequest): MadeRows {
  const hints = requestHints({
    identityHints: req.identityHints,
    employeeIds: req.bodyEmployeeId === undefined ? [req.employeeId] : [req.employeeId, req.bodyEmployeeId],
    deviceId: req.deviceId,
    homeUserNames: homeUserNames(req.valid.map((v) => v.event)),
  });
  const scrubber = requestScrubber(scrubberFor(req.config), hints, req.directory);
  const ctx = {
    receivedAt: formatTimestamp(req.receivedAt.getTime()),
    window: req.window,
    contributor: req.pseudonyms.contributor,
    agent: req.agent === undefined ? {} : scrubLabels(scrubber, agentLabels(req.agent)),
  };
  const made: MadeRow[] = [];
  const rejected: EventVerdict[] = [];
  for (const valid of req.valid) {
    const projection = applyPolicy(valid.event);
    let row: StoredRow;
    try {
      const scrubbed = scrubFields(scrubber, projection);
      row = buildRow(valid, projection, scrubbed, req.pseudonyms.session(valid.event.session_id), ctx);
    } catch {
      rejected.push(policyViolation(valid, 'content: could not be scrubbed safely'));
      continue;
    }
    if (!fitsOneRecord(row)) {
      rejected.push(policyViolation(valid, 'event: too large to store after scrubbing'));
      continue;
    }
    made.push({ valid, projection, row });
  }
  return { made, rejected };
}

function policyViolation(valid: ValidEvent, message: string): EventVerdict {
  return {
    index: valid.index,
    event_id: valid.event.event_id,
    status: 'rejected',
    code: 'policy_violation',
    message,
  };
}
