/**
 * The scrubber: replaces secrets and personal data in kept free text (diffs, shell commands,
 * build diagnostics, relative paths) with typed placeholders like `<EMAIL>`, counting each type.
 *
 * Guarantees (each tested under test/scrub):
 * - every regex is registered and passes recheck; detectors run in linear time;
 * - all detectors read the original text; overlapping findings are merged into one placeholder
 *   named by the most specific type, so nothing is half-replaced or re-matched;
 * - scrubbing is idempotent, and never throws (a detector fault fails closed: empty text);
 * - text over `maxBytes` is cut at a character boundary; a finding that straddles the cut is
 *   replaced whole (detectors see a margin past the cut), and the output never exceeds maxBytes.
 */
import type { Directory } from '../../directory/directory.ts';
import { DETECTORS } from './detectors/index.ts';
import { findDirectory } from './directory-pass.ts';
import { render, resolveSpans, type Span } from './engine.ts';
import { findHints, type PreparedHints } from './hints.ts';
import { registeredPatterns } from './registry.ts';
import { ilit, isPrintableAscii, Triggers } from './triggers.ts';
import type { Detector, Emit, PlaceholderType, ResolvedOptions, ScanInput } from './types.ts';
import { charBoundary, utf8CutIndex, utf8Length } from './utf8.ts';

export { DETECTORS } from './detectors/index.ts';
export {
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

export function createScrubber(options?: ScrubberOptions): Scrubber {
  const resolved = resolveOptions(options);
  const detectors = options?.detectors ?? DETECTORS;
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
      const emit: Emit = (start: number, end: number, type: PlaceholderType) => {
        if (end > start) spans.push({ start, end, type });
      };
      let lowered: string | undefined;
      const lower = (): string => {
        if (lowered === undefined) lowered = scan.toLowerCase();
        return lowered;
      };
      try {
        const scanInput: ScanInput = {
          text: scan,
          lower,
          options: resolved,
          triggers: new Triggers(scan, lower),
        };
        for (const d of detectors) d.find(scanInput, emit);
        findHints(scan, lower, hints, emit);
        findDirectory(scan, lower, directory, emit);
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
