/**
 * What would be stored of an employee's own events — computed on their device by the ingest core
 * itself (validate → policy → scrub → row, `makeRows`), with placeholder pseudonyms instead of the
 * key and no sink: nothing is sent anywhere, nothing is written.
 */

import type { Directory } from '../directory/directory.ts';
import { normalizeEmployeeId } from '../ingest/caller.ts';
import { DEFAULT_INGEST_CONFIG } from '../ingest/config.ts';
import { makeRows } from '../ingest/make-rows.ts';
import type { IngestConfig } from '../ingest/ports.ts';
import { validateEnvelope, validateEvents } from '../ingest/validate.ts';
import { windowLabel } from '../ingest/window.ts';
import type { AgentInfo, IdentityHints } from '../schema/request.ts';
import { EVENT_TYPES, type EventType } from '../schema/request.ts';
import type { StoredRow } from '../schema/types.ts';
import { type FieldFate, fieldFates } from './field-fates.ts';
import { placeholderPseudonyms } from './placeholder-pseudonyms.ts';
import { requestFates } from './request-fates.ts';

export interface PreviewOptions {
  /** The employee whose events these are (the one the agent's credentials name). */
  readonly employeeId: string;
  /** The identifiers the agent sends with each batch to be scrubbed. @default none */
  readonly identityHints?: IdentityHints;
  /** @default none */
  readonly deviceId?: string;
  /** The sending agent: its name/version and OS are stored. @default unknown: `os` and `agent_version` stay null */
  readonly agent?: AgentInfo;
  /** The ingest settings (content cap, internal domains, pseudonym window). @default DEFAULT_INGEST_CONFIG */
  readonly config?: IngestConfig;
  /** The organisation's people directory, when the device has it. @default none */
  readonly directory?: Directory;
  /** When the batch is "received". @default now */
  readonly now?: Date;
}

/** A bad option (hints over the limit, an empty employee id): names the option and the rule, never the value. */
export class PreviewInputError extends Error {
  override readonly name = 'PreviewInputError';
}

export interface StoredEventPreview {
  readonly index: number;
  readonly event_id: string;
  readonly type: EventType;
  readonly verdict: 'stored';
  /** Each field the event carried, and what became of it. */
  readonly fields: FieldFate[];
  /** The row as it would be stored: every column, null where nothing is; pseudonyms as placeholders. */
  readonly row: StoredRow;
  /** Placeholder type → how many values of it were replaced (or, for labels and domains, dropped). */
  readonly placeholders: Record<string, number>;
}

export interface RejectedEventPreview {
  readonly index: number;
  readonly event_id: string | null;
  /** The event's type when it is a known one. */
  readonly type: EventType | null;
  readonly verdict: 'rejected';
  readonly code: string;
  /** The field and the rule it breaks; never the value. */
  readonly message: string;
}

export type EventPreview = StoredEventPreview | RejectedEventPreview;

export interface Preview {
  /** What becomes of the request's own fields: the employee id, device id, identity hints, agent. */
  readonly request: FieldFate[];
  /** One per event, in the order given. */
  readonly events: EventPreview[];
  readonly totals: { stored: number; rejected: number; placeholders: Record<string, number> };
}

/** Previews one batch, as the ingest function would treat it in one request. Never throws on bad events. */
export function previewEvents(events: readonly unknown[], options: PreviewOptions): Preview {
  const config = options.config ?? DEFAULT_INGEST_CONFIG;
  const now = options.now ?? new Date();
  const employeeId = normalizeEmployeeId(options.employeeId);
  if (employeeId === '') throw new PreviewInputError('employeeId: must not be empty');
  checkIdentity(options);

  const { valid, rejected } = validateEvents(events, now);
  const { made, rejected: unsafe } = makeRows({
    valid,
    employeeId,
    // The agent sends its own spelling in every envelope, and the core scrubs both.
    bodyEmployeeId: options.employeeId,
    deviceId: options.deviceId,
    identityHints: options.identityHints,
    agent: options.agent,
    receivedAt: now,
    window: windowLabel(config.pseudonymWindow, now),
    pseudonyms: placeholderPseudonyms(),
    config,
    directory: options.directory,
  });

  const previews: EventPreview[] = [];
  const placeholders: Record<string, number> = {};
  for (const { valid: v, projection, row } of made) {
    const counts = { ...(row.redactions ?? {}) };
    for (const [type, n] of Object.entries(counts)) placeholders[type] = (placeholders[type] ?? 0) + n;
    previews.push({
      index: v.index,
      event_id: v.eventId,
      type: v.event.type,
      verdict: 'stored',
      fields: fieldFates(v.event, projection, row),
      row,
      placeholders: counts,
    });
  }
  for (const r of [...rejected, ...unsafe]) {
    previews.push({
      index: r.index,
      event_id: r.event_id,
      type: knownType(events[r.index]),
      verdict: 'rejected',
      code: r.code ?? 'invalid_event',
      message: r.message ?? '',
    });
  }
  previews.sort((a, b) => a.index - b.index);
  const firstRow = made[0]?.row;
  return {
    request: requestFates(options, firstRow, config.pseudonymWindow),
    events: previews,
    totals: { stored: made.length, rejected: previews.length - made.length, placeholders },
  };
}

function knownType(event: unknown): EventType | null {
  const type = (event as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(EVENT_TYPES, type) ? (type as EventType) : null;
}

/** A stand-in agent, only so that the envelope validator can judge the identity fields without one. */
const ANY_AGENT: AgentInfo = { name: 'preview', version: '0', os: 'any' };

/** The identity options break the same rules as in a request envelope (the API would refuse it whole). */
function checkIdentity(options: PreviewOptions): void {
  const envelope = {
    employee_id: options.employeeId,
    ...(options.deviceId === undefined ? {} : { device_id: options.deviceId }),
    ...(options.identityHints === undefined ? {} : { identity_hints: options.identityHints }),
    agent: options.agent ?? ANY_AGENT,
    events: [{}],
  };
  const result = validateEnvelope(envelope, 1);
  if (!result.ok) throw new PreviewInputError(`${optionName(result.field)}: ${result.rule}`);
}

const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  employee_id: 'employeeId',
  device_id: 'deviceId',
  identity_hints: 'identityHints',
  agent: 'agent',
};

function optionName(field: string): string {
  const [top = '', ...rest] = field.split('/').filter((s) => s !== '');
  return [OPTION_OF_FIELD[top] ?? top, ...rest].join('.');
}
