/**
 * The scrubber: replaces secrets and personal data in kept free text (diffs, shell commands,
 * build diagnostics, relative paths) with typed placeholders like `<EMAIL>`, counting each type.
 *
 * Guarantees (each tested under test/scrub):
 * - every regex is registered and passes recheck; detectors run in linear time;
 * - every pass (detectors, identity hints) reads a normalised view of the text (NFKC, no
 *   zero-width or bidi characters; normalise.ts) and one-level decoded views of its percent,
 *   base64 and hex tokens (decode.ts); findings are mapped back to the original text, and that
 *   is what gets replaced;
 * - overlapping findings are merged into one placeholder named by the most specific type, so
 *   nothing is half-replaced or re-matched;
 * - scrubbing is idempotent, and never throws (a detector fault fails closed: empty text);
 * - text over `maxBytes` is cut at a character boundary; a finding that straddles the cut is
 *   replaced whole (detectors see a margin past the cut), and the output never exceeds maxBytes.
 */
import type { Directory } from '../../directory/directory.ts';
import { indexAlignedLower } from './case.ts';
import { forEachDecoded } from './decode.ts';
import { DETECTORS } from './detectors/index.ts';
import { render, resolveSpans, type Span } from './engine.ts';
import { findHints, type PreparedHints } from './hints.ts';
import { normalisedViews } from './normalise.ts';
import { registeredPatterns } from './registry.ts';
import { ilit, isPrintableAscii, Triggers } from './triggers.ts';
import type { Detector, Emit, ResolvedOptions, ScanInput } from './types.ts';
import { charBoundary, utf8CutIndex, utf8Length } from './utf8.ts';
import { identityView, type TextView, toSource } from './view.ts';

export { DETECTORS } from './detectors/index.ts';
export {
  containsCompactHint,
  containsHint,
  HINT_LIMITS,
  hintPatterns,
  type IdentityHintsInput,
  type PreparedHints,
  prepareHints,
} from './hints.ts';
export { type RegisteredPattern, registeredPatterns } from './registry.ts';
export { type Detector, PLACEHOLDER_TYPES, type PlaceholderType, TYPE_PRIORITY } from './types.ts';

export interface ScrubberOptions {
  /** Text over this many UTF-8 bytes is truncated (at a character boundary) before scrubbing and flagged. @default 65536 */
  maxBytes?: number;
  /** Host names under these domains are replaced by <INTERNAL_HOST>. @default [] */
  internalDomains?: readonly string[];
  /** The detectors to run, in order. @default DETECTORS (all of them); tests add faulty ones to prove the scrubber fails closed. */
  detectors?: readonly Detector[];
}

export interface ScrubResult {
  text: string;
  truncated: boolean;
  /** placeholder type (without <>) → count */
  redactions: Record<string, number>;
  /** True when a detector fault made the scrubber fail closed (text is then empty); callers must not store the event as if it were clean. */
  failed: boolean;
}

export interface Scrubber {
  /** `directory`: the organisation's people directory, whose every person is removed too. */
  scrub(text: string, hints?: PreparedHints, directory?: Directory): ScrubResult;
}

export const DEFAULT_MAX_BYTES = 65_536;

/**
 * Characters past the cut that detectors still see, so a value straddling the cut is recognized
 * and replaced whole. Longer than any bounded token pattern; a private-key block longer than this
 * is still caught by its header.
 */
export const TRUNCATION_MARGIN = 16_384;

/** All static patterns of the scrubber, for the recheck test and reviewers. */
export const SCRUB_PATTERNS = registeredPatterns;

function resolveOptions(options: ScrubberOptions | undefined): ResolvedOptions {
  const maxBytes = options?.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!(typeof maxBytes === 'number' && maxBytes > 0)) throw new RangeError('scrubber: maxBytes must be > 0');
  const domains = new Set<string>();
  for (const d of options?.internalDomains ?? []) {
    let n = String(d).trim().toLowerCase();
    while (n.startsWith('.')) n = n.slice(1);
    if (n.length > 0) domains.add(n);
  }
  const internalDomains = [...domains];
  const internalDomainTriggers = internalDomains.map((d) => (isPrintableAscii(d) ? ilit(d) : -1));
  return { maxBytes, internalDomains, internalDomainTriggers };
}

/** One scan of one view: each lower case is computed at most once, and the trigger pass runs once. */
function scanInput(text: string, options: ResolvedOptions): ScanInput {
  let lowered: string | undefined;
  let aligned: string | undefined;
  const lower = (): string => {
    if (lowered === undefined) lowered = text.toLowerCase();
    return lowered;
  };
  const alignedLower = (): string => {
    if (aligned === undefined) aligned = indexAlignedLower(text, lower);
    return aligned;
  };
  return { text, lower, alignedLower, options, triggers: new Triggers(text, lower) };
}

/** An Emit for findings in `view` (a view of the scanned text): they become spans of the scanned text. */
function emitFrom(view: TextView, spans: Span[]): Emit {
  if (view.starts === null) {
    return (start, end, type) => {
      if (end > start) spans.push({ start, end, type });
    };
  }
  return (start, end, type) => {
    if (end <= start) return;
    const [s, e] = toSource(view, start, end);
    spans.push({ start: s, end: e, type });
  };
}

export function createScrubber(options?: ScrubberOptions): Scrubber {
  const resolved = resolveOptions(options);
  const detectors = options?.detectors ?? DETECTORS;
  /**
   * Every pass over one view of a text. The same passes read the normalised text and each decoded
   * view, so a pass added here finds its values through zero-width characters, full-width forms
   * and encodings with no code of its own.
   */
  const scanView = (
    view: ScanInput,
    hints: PreparedHints | undefined,
    directory: Directory | undefined,
    emit: Emit,
  ): void => {
    for (const d of detectors) d.find(view, emit);
    findHints(view.text, view.lower, hints, emit);
    // Every person of the people directory (names, user names, e-mail local parts, employee ids),
    // like the sender's own hints; linear: the directory tokenizes the text once.
    directory?.findSpans(view.text, (start, end) => emit(start, end, 'IDENTITY'));
  };
  return {
    scrub(input: string, hints?: PreparedHints, directory?: Directory): ScrubResult {
      const text = typeof input === 'string' ? input : String(input ?? '');
      const max = resolved.maxBytes;
      let limit = text.length;
      let scan = text;
      let cut = false;
      if (text.length * 3 > max && utf8Length(text) > max) {
        limit = utf8CutIndex(text, max);
        scan = text.slice(0, charBoundary(text, Math.min(text.length, limit + TRUNCATION_MARGIN)));
        cut = true;
      }
      const spans: Span[] = [];
      try {
        // The trigger pass also tells whether the text is ASCII, hence already normal (most text is).
        const raw = scanInput(scan, resolved);
        const views = raw.triggers.ascii ? [identityView(scan)] : normalisedViews(scan);
        for (const view of views) {
          scanView(
            view.text === scan ? raw : scanInput(view.text, resolved),
            hints,
            directory,
            emitFrom(view, spans),
          );
        }
        // Decode and recheck: a finding in a decoded token replaces the token (or its own part of it).
        const view = views[0]!;
        const emitView = emitFrom(view, spans);
        // An ASCII text's candidate runs came with its trigger pass (byte offsets are indices then).
        const runs = view.text === scan && raw.triggers.ascii ? raw.triggers.encodedRuns() : undefined;
        forEachDecoded(
          view.text,
          (d) => {
            let found = false;
            const toView: Emit = d.wholeToken
              ? (_start, _end, type) => {
                  found = true;
                  emitView(d.start, d.end, type);
                }
              : (start, end, type) => {
                  if (end <= start) return;
                  const [s, e] = toSource(d.view, start, end);
                  emitView(s, e, type);
                };
            scanView(scanInput(d.view.text, resolved), hints, directory, toView);
            return found;
          },
          runs,
        );
        // Most texts have no finding: then there is nothing to merge or protect.
        const out = render(scan, spans.length === 0 ? spans : resolveSpans(scan, spans), limit, max);
        return { text: out.text, truncated: cut || out.truncated, redactions: out.redactions, failed: false };
      } catch {
        // A detector fault must not let text through unscrubbed: fail closed.
        return { text: '', truncated: true, redactions: {}, failed: true };
      }
    },
  };
}
