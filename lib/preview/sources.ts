/**
 * The employee's own events to preview, read without changing anything: a JSONL file (event lines
 * and/or whole request envelopes, as `activity-agent send` reads them) or an agent's spool folder.
 * Each batch is what would travel in one request: its events with the identity sent beside them.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { forEachJsonLine } from '../client/cli/json-lines.ts';
import { readSpool, SEGMENT } from '../client/spool-replay.ts';
import { normalizeEmployeeId } from '../ingest/caller.ts';
import { validateEnvelope } from '../ingest/validate.ts';
import type { AgentInfo, IdentityHints, RequestEnvelope } from '../schema/request.ts';

export interface BatchIdentity {
  readonly employeeId: string;
  readonly identityHints?: IdentityHints;
  readonly deviceId?: string;
  readonly agent?: AgentInfo;
}

export interface PreviewBatch {
  /** Where the events come from, e.g. `events.jsonl` or `envelope on line 3`. */
  readonly title: string;
  readonly identity: BatchIdentity;
  readonly events: unknown[];
  /** The file line of each event (1-based), for file input. */
  readonly lines?: number[];
}

/** A line that yields no event to preview, and why; never its content. */
export interface UnreadableLine {
  readonly line: number;
  readonly reason: string;
}

/** Input the preview cannot use at all (a missing file, a spool of someone else): names the path and the rule. */
export class PreviewSourceError extends Error {
  override readonly name = 'PreviewSourceError';
}

/** Who the flags say the employee is; event lines need at least the employee id. */
export type FlagIdentity = Partial<BatchIdentity>;

export async function batchesFromFile(
  path: string,
  flags: FlagIdentity,
  maxEvents: number,
): Promise<{ batches: PreviewBatch[]; unreadable: UnreadableLine[] }> {
  await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new PreviewSourceError(`cannot read ${path} (${err.code ?? 'error'})`);
  });
  const batches: PreviewBatch[] = [];
  const unreadable: UnreadableLine[] = [];
  const loose = { events: [] as unknown[], lines: [] as number[] };
  await forEachJsonLine(
    path,
    (value, line) => {
      if (!isEnvelopeLike(value)) {
        loose.events.push(value);
        loose.lines.push(line);
        return;
      }
      const batch = envelopeBatch(value, line, flags, maxEvents);
      if ('reason' in batch) unreadable.push(batch);
      else batches.push(batch);
    },
    (line) => unreadable.push({ line, reason: 'not JSON' }),
  );
  if (loose.events.length > 0) {
    if (!flags.employeeId?.trim()) {
      throw new PreviewSourceError(
        'event lines need --employee-id (or ACTIVITY_EMPLOYEE_ID): whose events are these?',
      );
    }
    batches.unshift({ title: path, identity: { ...flags, employeeId: flags.employeeId }, ...loose });
  }
  return { batches, unreadable };
}

function isEnvelopeLike(value: unknown): value is RequestEnvelope {
  return typeof value === 'object' && value !== null && Array.isArray((value as { events?: unknown }).events);
}

/** One envelope line: refused whole where the API would refuse the request (400 or 403). */
function envelopeBatch(
  value: RequestEnvelope,
  line: number,
  flags: FlagIdentity,
  maxEvents: number,
): PreviewBatch | UnreadableLine {
  const checked = validateEnvelope(value, maxEvents);
  if (!checked.ok)
    return {
      line,
      reason: `the request would be refused (400): ${checked.field || 'body'}: ${checked.rule}`,
    };
  const envelope = checked.envelope;
  const employeeId = envelope.employee_id ?? flags.employeeId;
  if (!employeeId?.trim()) return { line, reason: 'an envelope without employee_id needs --employee-id' };
  if (
    flags.employeeId !== undefined &&
    normalizeEmployeeId(flags.employeeId) !== normalizeEmployeeId(employeeId)
  ) {
    return {
      line,
      reason: 'the request would be refused (403 identity_mismatch): employee_id differs from --employee-id',
    };
  }
  return {
    title: `envelope on line ${line}`,
    identity: {
      employeeId,
      agent: envelope.agent,
      ...(envelope.identity_hints ? { identityHints: envelope.identity_hints } : {}),
      ...(envelope.device_id ? { deviceId: envelope.device_id } : {}),
    },
    events: envelope.events,
    lines: envelope.events.map(() => line),
  };
}

/** The events waiting in an agent's spool folder (queued, not yet settled), read-only. */
export async function batchFromSpool(dir: string, flags: FlagIdentity): Promise<PreviewBatch> {
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    (err: NodeJS.ErrnoException) => {
      throw new PreviewSourceError(`cannot read spool ${dir} (${err.code ?? 'error'})`);
    },
  );
  if (!isDir) throw new PreviewSourceError(`spool ${dir} is not a folder`);
  const spool = await readSpool(dir);
  if (
    flags.employeeId !== undefined &&
    spool.employeeId !== undefined &&
    normalizeEmployeeId(flags.employeeId) !== normalizeEmployeeId(spool.employeeId)
  ) {
    throw new PreviewSourceError(`spool ${dir} holds the events of another employee than --employee-id`);
  }
  if (spool.segments.length === 0) {
    const nested = await spoolsInside(dir);
    if (nested.length > 0) {
      throw new PreviewSourceError(
        `${dir} holds no spool segments, but ${nested.length} spool folder${nested.length === 1 ? '' : 's'} inside (the CLI keeps one per employee: --spool ${join(dir, '<employee id>')})`,
      );
    }
  }
  const employeeId = spool.employeeId ?? flags.employeeId;
  if (employeeId === undefined) {
    // An empty folder: nothing waits, and there is nobody to preview for.
    return { title: `spool ${dir}`, identity: { ...flags, employeeId: '-' }, events: [] };
  }
  return {
    title: `spool ${dir}`,
    identity: { ...flags, employeeId },
    events: [...spool.live.values()].map((json) => JSON.parse(json) as unknown),
  };
}

async function spoolsInside(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const names = await readdir(join(dir, entry.name)).catch(() => [] as string[]);
    if (names.some((n) => SEGMENT.test(n))) found.push(entry.name);
  }
  return found;
}
