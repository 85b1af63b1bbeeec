/**
 * Step 4: every kept string passes the scrubber — content (diff, command, diagnostics), the
 * transformed path, the registrable domain and short labels — with the batch's identity hints.
 * A label or domain the scrubber had to touch is dropped (a placeholder there carries no signal).
 */
import type { IdentityHints } from '../schema/request.ts';
import type { Projection, StringColumn } from './policy.ts';
import type { IngestConfig } from './ports.ts';
import { createScrubber, prepareHints, type ScrubResult } from './scrub/index.ts';
import { truncateChars } from './transform.ts';

type Scrubber = ReturnType<typeof createScrubber>;
export type Hints = ReturnType<typeof prepareHints>;

/** Longest stored path; longer ones are cut before scrubbing (PATH_MAX on Linux). */
export const MAX_PATH_CHARS = 4096;
/** Shorter identifiers would match inside ordinary words and code. */
const MIN_HINT_LENGTH = 3;
const EMAIL_LIKE = /^[^@\s]+@[^@\s]+$/;
/** A batch comes from one person: more distinct home directories than this are not theirs to hint. */
const MAX_HOME_USER_NAMES = 4;

export interface ScrubbedFields {
  readonly content: string | null;
  /** null when the event has no content. */
  readonly contentTruncated: boolean | null;
  readonly path: string | null;
  readonly domain: string | null;
  readonly labels: Partial<Record<StringColumn, string>>;
  /** Placeholder type → count over all scrubbed fields of the event; null when nothing was scrubbed. */
  readonly redactions: Record<string, number> | null;
}

/** The identity hints of one request: sent hints, the employee and device ids, and user names found in home paths. */
export function requestHints(input: {
  identityHints: IdentityHints | undefined;
  /** The credentials' employee id, and the body's spelling of it when one was sent. */
  employeeIds: readonly string[];
  deviceId: string | undefined;
  homeUserNames: readonly string[];
}): Hints {
  // Ours first: the scrubber takes a bounded number of hints per kind, and these are certain.
  const usernames: string[] = [];
  const emails: string[] = [];
  for (const id of [...input.employeeIds, input.deviceId]) {
    if (id === undefined || id.trim().length < MIN_HINT_LENGTH) continue;
    (EMAIL_LIKE.test(id.trim()) ? emails : usernames).push(id.trim());
  }
  usernames.push(
    ...input.homeUserNames.slice(0, MAX_HOME_USER_NAMES),
    ...(input.identityHints?.usernames ?? []),
  );
  emails.push(...(input.identityHints?.emails ?? []));
  const long = (xs: readonly string[]) => [...new Set(xs.filter((x) => x.trim().length >= MIN_HINT_LENGTH))];
  return prepareHints({
    usernames: long(usernames),
    emails: long(emails),
    names: long(input.identityHints?.names ?? []),
  });
}

function add(into: Record<string, number>, from: Readonly<Record<string, number>>): number {
  let total = 0;
  for (const [type, n] of Object.entries(from)) {
    if (!n) continue;
    into[type] = (into[type] ?? 0) + n;
    total += n;
  }
  return total;
}

/** Scrubbers per config: built once, reused by every request with that config. */
const scrubbers = new WeakMap<IngestConfig, Scrubber>();
export function scrubberFor(config: IngestConfig): Scrubber {
  let scrubber = scrubbers.get(config);
  if (!scrubber) {
    scrubber = createScrubber({
      maxBytes: config.maxContentBytes,
      internalDomains: [...config.internalDomains],
    });
    scrubbers.set(config, scrubber);
  }
  return scrubber;
}

/**
 * Scrubs one request's texts. Labels, domains and paths repeat across a batch (the same app,
 * language, file), so their results are memoized per request — per request, because the
 * identity hints differ between requests.
 */
export interface RequestScrubber {
  readonly scrubber: Scrubber;
  readonly hints: Hints;
  readonly memo: Map<string, { text: string; redactions: Readonly<Record<string, number>> }>;
}

export function requestScrubber(scrubber: Scrubber, hints: Hints): RequestScrubber {
  return { scrubber, hints, memo: new Map() };
}

/** A scrubber that failed closed gives empty text; the event must then be rejected, not stored without its field. */
export class ScrubFailedError extends Error {
  override readonly name = 'ScrubFailedError';
}

function failClosed(result: ScrubResult): ScrubResult {
  if (result.failed) throw new ScrubFailedError('scrubber failed closed');
  return result;
}

function scrubShort(
  s: RequestScrubber,
  value: string,
): { text: string; redactions: Readonly<Record<string, number>> } {
  let out = s.memo.get(value);
  if (out === undefined) {
    const r = failClosed(s.scrubber.scrub(value, s.hints));
    out = { text: r.text, redactions: r.redactions };
    s.memo.set(value, out);
  }
  return out;
}

/** A short value kept only when the scrubber finds nothing in it; what it found is counted. */
function cleanLabel(s: RequestScrubber, value: string, redactions: Record<string, number>): string | null {
  const out = scrubShort(s, value);
  return add(redactions, out.redactions) === 0 && out.text === value ? value : null;
}

/** Labels that pass the scrubber untouched; the others are dropped. */
export function scrubLabels(
  s: RequestScrubber,
  labels: Partial<Record<StringColumn, string>>,
  redactions: Record<string, number> = {},
): Partial<Record<StringColumn, string>> {
  const out: Partial<Record<StringColumn, string>> = {};
  for (const [column, value] of Object.entries(labels) as [StringColumn, string][]) {
    const kept = cleanLabel(s, value, redactions);
    if (kept !== null) out[column] = kept;
  }
  return out;
}

export function scrubFields(s: RequestScrubber, projection: Projection): ScrubbedFields {
  const redactions: Record<string, number> = {};
  let content: string | null = null;
  let contentTruncated: boolean | null = null;
  if (projection.content !== null) {
    const out = failClosed(s.scrubber.scrub(projection.content, s.hints));
    add(redactions, out.redactions);
    content = out.text;
    contentTruncated = out.truncated;
  }
  let path: string | null = null;
  if (projection.path !== null) {
    const out = scrubShort(s, truncateChars(projection.path, MAX_PATH_CHARS));
    add(redactions, out.redactions);
    path = out.text;
  }
  const domain = projection.domain === null ? null : cleanLabel(s, projection.domain, redactions);
  const labels = scrubLabels(s, projection.labels, redactions);
  return {
    content,
    contentTruncated,
    path,
    domain,
    labels,
    redactions: content !== null || path !== null || Object.keys(redactions).length > 0 ? redactions : null,
  };
}
