/**
 * The ingest core, shared by the Lambda and the local server. The path of an event:
 * read the request → validate → policy → pseudonymize → scrub → deliver → verdicts.
 * Nothing leaves through the sink before the pseudonym key is in hand, and nothing it
 * forwards was not first reduced by the policy and scrubbed.
 */
import { performance } from 'node:perf_hooks';
import { type EventVerdict, type HttpResponse, STATUS } from '../api/contract.ts';
import type { Directory } from '../directory/directory.ts';
import type { DirectorySource } from '../directory/source.ts';
import { type Caller, normalizeEmployeeId } from './caller.ts';
import { makeRows } from './make-rows.ts';
import type { IngestConfig, IngestRequest, RowDeliveryOutcome, RowSink, WindowKeyProvider } from './ports.ts';
import { createPseudonymizer } from './pseudonymize.ts';
import { readRequest } from './read-request.ts';
import { batchResponse, errorResponse, unauthenticatedResponse } from './respond.ts';
import { type BatchSummary, type IngestTelemetry, silentTelemetry } from './telemetry.ts';
import { type ValidEvent, validateEnvelope, validateEvents } from './validate.ts';
import { windowLabel } from './window.ts';

export interface IngestDeps {
  /** Derives the pseudonym key of a window (KMS in Lambda, a local key file in local mode). */
  readonly keys: WindowKeyProvider;
  /** Where rows go (Firehose in Lambda, a write-ahead log + Parquet in local mode). */
  readonly sink: RowSink;
  readonly config: IngestConfig;
  /** Logs and metrics; counts and codes only. @default silentTelemetry */
  readonly telemetry?: IngestTelemetry;
  /** The organisation's people directory, whose every person is scrubbed from kept text. @default none */
  readonly directory?: DirectorySource;
}

/** Handles one `POST /v1/events` request. Never throws: every outcome is an HTTP response. */
export async function handleIngestRequest(req: IngestRequest, deps: IngestDeps): Promise<HttpResponse> {
  const started = performance.now();
  const telemetry = deps.telemetry ?? silentTelemetry;
  try {
    return await handle(req, deps, telemetry, started);
  } catch {
    // A bug, not bad input: nothing of the error is logged (its message may quote a value).
    telemetry.requestFailed({
      status: STATUS.internalError,
      code: 'internal_error',
      latencyMs: performance.now() - started,
    });
    return errorResponse(
      STATUS.internalError,
      'internal_error',
      'the request could not be processed',
      req.requestId,
    );
  }
}

async function handle(
  req: IngestRequest,
  deps: IngestDeps,
  telemetry: IngestTelemetry,
  started: number,
): Promise<HttpResponse> {
  const { config } = deps;
  const fail = (response: HttpResponse, code: Parameters<IngestTelemetry['requestFailed']>[0]['code']) => {
    telemetry.requestFailed({ status: response.statusCode, code, latencyMs: performance.now() - started });
    return response;
  };

  // Credentials first: a caller who is not an agent of this deployment gets nothing read.
  if (req.caller.kind === 'unauthenticated') {
    return fail(unauthenticatedResponse(req.requestId), 'unauthenticated');
  }
  if (req.caller.kind === 'forbidden') {
    return fail(
      errorResponse(
        STATUS.forbidden,
        'forbidden_caller',
        'caller: only the agent role of this deployment may post events',
        req.requestId,
      ),
      'forbidden_caller',
    );
  }

  // Read and validate the envelope: a failure here answers the whole request.
  const read = readRequest(req, config.maxBodyBytes);
  if (!read.ok) return fail(errorResponse(read.status, read.code, read.message, req.requestId), read.code);
  const envelope = validateEnvelope(read.body, config.maxEvents);
  if (!envelope.ok) {
    const message = `${envelope.field || 'body'}: ${envelope.rule}`;
    return fail(
      errorResponse(
        STATUS.badRequest,
        'invalid_envelope',
        message,
        req.requestId,
        envelope.field || undefined,
      ),
      'invalid_envelope',
    );
  }
  const { employee_id: bodyEmployeeId, device_id, identity_hints, agent, events } = envelope.envelope;
  const who = employeeOf(req.caller, bodyEmployeeId);
  if (!who.ok) {
    const response =
      who.code === 'identity_mismatch'
        ? errorResponse(
            STATUS.forbidden,
            'identity_mismatch',
            'employee_id: differs from the employee the credentials name; omit it or send the same',
            req.requestId,
            '/employee_id',
          )
        : errorResponse(
            STATUS.badRequest,
            'invalid_envelope',
            'employee_id: is required by a server that does not authenticate callers',
            req.requestId,
            '/employee_id',
          );
    return fail(response, who.code);
  }
  const employeeId = who.employeeId;

  // Validate each event on its own.
  const { valid, rejected } = validateEvents(events, req.receivedAt);
  const verdicts: EventVerdict[] = [...rejected];
  const redactionTotals: Record<string, number> = {};
  let truncated = 0;
  const finish = (): HttpResponse => {
    verdicts.sort((a, b) => a.index - b.index);
    const response = batchResponse(req.requestId, verdicts);
    telemetry.batchCompleted(summarize(response.statusCode, verdicts, redactionTotals, truncated, started));
    return response;
  };
  if (valid.length === 0) return finish();

  // Pseudonymize: the window key first — if it cannot be had, nothing is forwarded.
  const window = windowLabel(config.pseudonymWindow, req.receivedAt);
  const retryAll = (message: string): HttpResponse => {
    for (const v of valid) {
      verdicts.push({
        index: v.index,
        event_id: v.event.event_id,
        status: 'retry',
        code: 'unavailable',
        message,
      });
    }
    return finish();
  };
  let windowKey: Uint8Array;
  try {
    windowKey = await deps.keys.windowKey(window);
  } catch {
    return retryAll('pseudonym key: unavailable; send again later');
  }
  // A configured directory that cannot be had: nothing is stored scrubbed without it.
  let directory: Directory | undefined;
  try {
    directory = await deps.directory?.current();
  } catch {
    return retryAll('people directory: unavailable; send again later');
  }

  // Policy, pseudonyms and scrubbing (with the batch's identity hints): one row per storable event.
  const { made, rejected: unsafe } = makeRows({
    valid,
    employeeId,
    bodyEmployeeId,
    deviceId: device_id,
    identityHints: identity_hints,
    agent,
    receivedAt: req.receivedAt,
    window,
    pseudonyms: createPseudonymizer(windowKey, employeeId),
    config,
    directory,
  });
  verdicts.push(...unsafe);
  const rows = made.map((m) => m.row);
  const rowEvents = made.map((m) => m.valid);

  // Deliver, then one verdict per event.
  let outcomes: RowDeliveryOutcome[] = [];
  if (rows.length > 0) {
    try {
      outcomes = await deps.sink.deliver(rows);
    } catch {
      outcomes = []; // a sink must not reject; if it does, nothing counts as delivered
    }
  }
  rows.forEach((row, i) => {
    const { index, event } = rowEvents[i] as ValidEvent;
    const eventId = event.event_id;
    if (outcomes[i] === 'delivered') {
      verdicts.push({ index, event_id: eventId, status: 'accepted' });
      if (row.content_truncated) truncated++;
      for (const [type, n] of Object.entries(row.redactions ?? {})) {
        redactionTotals[type] = (redactionTotals[type] ?? 0) + n;
      }
    } else {
      verdicts.push({
        index,
        event_id: eventId,
        status: 'retry',
        code: 'delivery_failed',
        message: 'delivery: not stored; send again later',
      });
    }
  });
  return finish();
}

/**
 * The employee of the request: the credentials' when there are any (a body naming someone else is
 * refused), the body's only on a server deliberately run without authentication.
 */
function employeeOf(
  caller: Caller,
  bodyEmployeeId: string | undefined,
): { ok: true; employeeId: string } | { ok: false; code: 'identity_mismatch' | 'invalid_envelope' } {
  if (caller.kind === 'employee') {
    if (bodyEmployeeId !== undefined && normalizeEmployeeId(bodyEmployeeId) !== caller.employeeId) {
      return { ok: false, code: 'identity_mismatch' };
    }
    return { ok: true, employeeId: caller.employeeId };
  }
  const employeeId = bodyEmployeeId === undefined ? '' : normalizeEmployeeId(bodyEmployeeId);
  if (employeeId === '') return { ok: false, code: 'invalid_envelope' };
  return { ok: true, employeeId };
}

function summarize(
  status: number,
  verdicts: readonly EventVerdict[],
  redactions: Record<string, number>,
  truncated: number,
  started: number,
): BatchSummary {
  const rejectedByCode: BatchSummary['rejectedByCode'] = {};
  let accepted = 0;
  let rejected = 0;
  let retry = 0;
  for (const v of verdicts) {
    if (v.status === 'accepted') accepted++;
    else if (v.status === 'retry') retry++;
    else {
      rejected++;
      const code = v.code as keyof BatchSummary['rejectedByCode'];
      rejectedByCode[code] = (rejectedByCode[code] ?? 0) + 1;
    }
  }
  return {
    status,
    events: verdicts.length,
    accepted,
    rejected,
    retry,
    rejectedByCode,
    redactions,
    truncated,
    latencyMs: performance.now() - started,
  };
}
