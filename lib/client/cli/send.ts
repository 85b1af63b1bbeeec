/**
 * `activity-agent send FILE.jsonl`: each line is either one RequestEvent (sent as the
 * `--employee-id` employee) or one whole RequestEnvelope (as written by `simulate --out`).
 */
import type { AgentInfo, RequestEnvelope } from '../../schema/index.ts';
import type { EventInput } from '../client.ts';
import { InvalidEventError } from '../validate.ts';
import type { Fleet, Identity } from './fleet.ts';
import { forEachJsonLine } from './json-lines.ts';

export interface SendInput {
  readonly file: string;
  /** Required for event lines. */
  readonly employeeId?: string;
  readonly agent: AgentInfo;
}

export interface InvalidLine {
  /** 1-based. */
  readonly line: number;
  /** Which rule the line broke, naming fields, never their values. */
  readonly reason: string;
}

export interface SendResult {
  readonly lines: number;
  /** Lines that were not JSON or not a valid event, in line order; never their content. */
  readonly invalidLines: InvalidLine[];
}

/** Records every line's events, flushing as it goes so that memory stays bounded. */
export async function sendFile(input: SendInput, fleet: Fleet): Promise<SendResult> {
  const invalid = new Map<number, string>();
  const invalidLine = (line: number, reason: string) => {
    if (!invalid.has(line)) invalid.set(line, reason);
  };
  let pending: Promise<unknown>[] = [];
  const recordTo = (id: Identity, event: unknown, line: number) => {
    pending.push(
      fleet
        .client(id)
        .record(event as EventInput)
        .catch((err: unknown) => {
          // Invalid events are skipped and listed; anything else (e.g. the spool) is fatal.
          if (!(err instanceof InvalidEventError)) throw err;
          invalidLine(line, err.message);
        }),
    );
  };
  const n = await forEachJsonLine(
    input.file,
    async (value, line) => {
      if (value && typeof value === 'object' && Array.isArray((value as RequestEnvelope).events)) {
        const env = value as RequestEnvelope;
        if (typeof env.employee_id !== 'string' || typeof env.agent !== 'object' || env.agent === null) {
          invalidLine(line, 'an envelope line needs employee_id (a string) and agent (an object)');
          return;
        }
        const id: Identity = {
          employeeId: env.employee_id,
          agent: env.agent,
          ...(env.identity_hints ? { identityHints: env.identity_hints } : {}),
          ...(env.device_id ? { deviceId: env.device_id } : {}),
        };
        for (const e of env.events) recordTo(id, e, line);
      } else {
        if (!input.employeeId) throw new Error('event lines need --employee-id (or ACTIVITY_EMPLOYEE_ID)');
        recordTo({ employeeId: input.employeeId, agent: input.agent }, value, line);
      }
      // Group the spool's fsyncs, and keep at most a few batches in memory.
      if (pending.length >= 2000) {
        await Promise.all(pending);
        pending = [];
        if (fleet.stats().queued > 5000) await fleet.flush();
      }
    },
    (line) => invalidLine(line, 'not JSON'),
  );
  await Promise.all(pending);
  const invalidLines = [...invalid]
    .map(([line, reason]) => ({ line, reason }))
    .sort((a, b) => a.line - b.line);
  return { lines: n, invalidLines };
}
