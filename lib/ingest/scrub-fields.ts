/**
 * Step 4: every kept string passes the scrubber — content (diff, command, diagnostics), the
 * transformed path, the registrable domain and short labels — with the batch's identity hints and
 * the organisation's people directory. A label or domain the scrubber had to touch is dropped (a
 * placeholder there carries no signal), and so is one that merely contains someone's identifier.
 */
import type { Directory } from '../directory/directory.ts';
import type { IdentityHints } from '../schema/request.ts';
import { labelNamesSomeone, personalDomain } from './personal-values.ts';
import type { Projection, StringColumn } from './policy.ts';
import type { IngestConfig } from './ports.ts';
import { createScrubber, type PlaceholderType, prepareHints, type ScrubResult } from './scrub/index.ts';
import { truncateChars } from './transform.ts';

type Scrubber = ReturnType<typeof createScrubber>;
export type Hints = ReturnType<typeof prepareHints>;

/** Longest stored path; longer ones are cut before scrubbing (PATH_MAX on Linux). */
export const MAX_PATH_CHARS = 4096;
/** Shorter identifiers would match inside ordinary words and code. */
const MIN_HINT_LENGTH = 3;

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

/**
 * The identity hints of one request: the employee and device ids and the user names of home
 * folders in the batch's paths in slots of their own (they are certain, and must never be crowded
 * out by the up to 20 hints per kind a batch may send), then the sent hints.
 */
export function requestHints(input: {
  identityHints: IdentityHints | undefined;
  /** The credentials' employee id, and the body's spelling of it when one was sent. */
  employeeIds: readonly string[];
  deviceId: string | undefined;
  homeUserNames: readonly string[];
}): Hints {
  const long = (xs: readonly (string | undefined)[]) => [
    ...new Set(
      xs
        .filter((x): x is string => x !== undefined && x.trim().length >= MIN_HINT_LENGTH)
        .map((x) => x.trim()),
    ),
  ];
  return prepareHints({
    ids: long([...input.employeeIds, input.deviceId]),
    // prepareHints keeps the first HINT_LIMITS.homeUsers of these: a batch comes from one person,
    // and more distinct home folders than that are not theirs to hint.
    homeUsers: long(input.homeUserNames),
    usernames: long(input.identityHints?.usernames ?? []),
    emails: long(input.identityHints?.emails ?? []),
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
  /** The organisation's people directory, when one is loaded. */
  readonly directory: Directory | undefined;
  /** What is known of each short value (path, label, domain), each part filled on first use. */
  readonly memo: Map<string, ShortEntry>;
}

/** A short value's scrub. */
interface ShortResult {
  readonly text: string;
  readonly redactions: Readonly<Record<string, number>>;
}

/** What was worked out about one short value; a part is undefined until first asked. */
interface ShortEntry {
  /** The scrubber's result. */
  scrubbed?: ShortResult;
  /** `labelNamesSomeone`: the placeholder type of whom it names, null for no one. */
  named?: PlaceholderType | null;
  /** `personalDomain`, for a value met as a domain. */
  personal?: boolean;
}

export function requestScrubber(scrubber: Scrubber, hints: Hints, directory?: Directory): RequestScrubber {
  return { scrubber, hints, directory, memo: new Map() };
}

/** A scrubber that failed closed gives empty text; the event must then be rejected, not stored without its field. */
export class ScrubFailedError extends Error {
  override readonly name = 'ScrubFailedError';
}

function failClosed(result: ScrubResult): ScrubResult {
  if (result.failed) throw new ScrubFailedError('scrubber failed closed');
  return result;
}

function entryOf(s: RequestScrubber, value: string): ShortEntry {
  let entry = s.memo.get(value);
  if (entry === undefined) {
    entry = {};
    s.memo.set(value, entry);
  }
  return entry;
}

function scrubShort(s: RequestScrubber, value: string, entry = entryOf(s, value)): ShortResult {
  if (entry.scrubbed === undefined) {
    const r = failClosed(s.scrubber.scrub(value, s.hints, s.directory));
    entry.scrubbed = { text: r.text, redactions: r.redactions };
  }
  return entry.scrubbed;
}

/**
 * A short value kept only when the scrubber finds nothing in it and it names no one (a person's
 * name, a phone number, someone's identifier inside it); what was found is counted.
 */
function cleanLabel(
  s: RequestScrubber,
  value: string,
  redactions: Record<string, number>,
  entry = entryOf(s, value),
): string | null {
  const out = scrubShort(s, value, entry);
  if (add(redactions, out.redactions) > 0 || out.text !== value) return null;
  // Not `??=`: null (names no one) is a result too.
  if (entry.named === undefined) entry.named = labelNamesSomeone(value, s.hints, s.directory);
  const named = entry.named;
  if (named === null) return value;
  add(redactions, { [named]: 1 });
  return null;
}

/** A registrable domain: dropped like a label, and counted as PERSONAL_DOMAIN when built from someone's identifier. */
function cleanDomain(s: RequestScrubber, value: string, redactions: Record<string, number>): string | null {
  const entry = entryOf(s, value);
  // Before the scrub: a personal domain is counted as such whatever the scrubber would find in it.
  entry.personal ??= personalDomain(value, s.hints, s.directory);
  if (entry.personal) {
    add(redactions, { PERSONAL_DOMAIN: 1 });
    return null;
  }
  return cleanLabel(s, value, redactions, entry);
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
    const out = failClosed(s.scrubber.scrub(projection.content, s.hints, s.directory));
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
  const domain = projection.domain === null ? null : cleanDomain(s, projection.domain, redactions);
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
