/**
 * A loaded people directory: the keyed-hash set and the two questions the scrubber asks of it —
 * which spans of a text are someone's name, user name or id (`findSpans`, linear: tokenize once,
 * look each candidate up), and whether a short value contains someone's identifier
 * (`containsIdentifier`, for domains and labels).
 */
import { randomBytes } from 'node:crypto';
import { decodeArtifact, encodeArtifact } from './artifact.ts';
import { MIN_COMPACT, personEntries } from './entries.ts';
import { HashSet64 } from './hash-set.ts';
import { digest, feed, type HashState, KIND, keyFromBytes, start } from './keyed-hash.ts';
import type { Person } from './people-csv.ts';
import { SpanFinder } from './span-finder.ts';
import { compactForm } from './tokens.ts';

/** Longest compact identifier looked for inside a domain or label. */
const MAX_COMPACT = 48;

export interface DirectoryStats {
  readonly people: number;
  readonly entries: number;
  readonly bytes: number;
}

/**
 * A directory that keeps its artifact bytes: what `build` and `loadDirectoryFile` return, for
 * writing the artifact out or handing it to worker threads. One made by `fromArtifact` (the
 * Lambda's) keeps only their count, so a background refresh holds no second copy of the file.
 */
export type DirectoryWithArtifact = Directory & {
  /** The artifact this directory was decoded from or encoded to: what workers and files get. */
  readonly artifact: Uint8Array;
};

export class Directory {
  private readonly finder: SpanFinder;
  /** The hash state a compact identifier starts from (computed once, like SpanFinder's seeds). */
  private readonly compactSeed: HashState;

  private constructor(
    private readonly set: HashSet64,
    key: Uint8Array,
    tokenFilter: Uint32Array,
    /** Size of the artifact this directory was decoded from, for `stats()`. */
    private readonly artifactBytes: number,
    readonly people: number,
  ) {
    const hashKey = keyFromBytes(key);
    this.finder = new SpanFinder(hashKey, set, tokenFilter);
    this.compactSeed = start(hashKey, KIND.compact, { a: 0, b: 0 });
  }

  /** Builds from people under a fresh random key (or `key`, for reproducible tests). */
  static build(people: readonly Person[], key: Uint8Array = randomBytes(16)): DirectoryWithArtifact {
    const hashKey = keyFromBytes(key);
    const pairs: number[] = [];
    const tokens = new Set<number>();
    const seen = new HashSet64(Math.max(16, people.length * 16));
    for (const p of people) {
      personEntries(
        hashKey,
        p,
        (h) => {
          if (seen.add(h.a, h.b)) pairs.push(h.a, h.b);
        },
        (raw) => tokens.add(raw),
      );
    }
    // 16+ bits per token: about 6 % of other tokens pass the filter.
    let bits = 1024;
    while (bits < tokens.size * 16) bits *= 2;
    const tokenFilter = new Uint32Array(bits / 32);
    for (const raw of tokens) {
      const b = raw & (bits - 1);
      tokenFilter[b >>> 5]! |= 1 << (b & 31);
    }
    const artifact = encodeArtifact({
      people: people.length,
      key,
      entries: Uint32Array.from(pairs),
      tokenFilter,
    });
    return Directory.keepingArtifact(artifact);
  }

  /**
   * Decodes a built artifact; throws DirectoryFormatError when it is not one or is damaged. The
   * directory does not keep `bytes` (nor a view of them): the caller may drop or reuse them.
   */
  static fromArtifact(bytes: Uint8Array): Directory {
    const content = decodeArtifact(bytes);
    const n = content.entries.length / 2;
    const set = new HashSet64(Math.max(16, n));
    for (let i = 0; i < n; i++) set.add(content.entries[2 * i]!, content.entries[2 * i + 1]!);
    return new Directory(set, content.key, content.tokenFilter, bytes.byteLength, content.people);
  }

  /** `fromArtifact` for a caller that needs the bytes again (to write them, to give them to workers). */
  static keepingArtifact(bytes: Uint8Array): DirectoryWithArtifact {
    return Object.assign(Directory.fromArtifact(bytes), { artifact: bytes });
  }

  stats(): DirectoryStats {
    return { people: this.people, entries: this.set.size, bytes: this.artifactBytes };
  }

  /**
   * Reports [start, end) of every span of `text` that is a person's name (tokens written with a
   * capital, `Ana Silva`, `SILVA, Ana`, `Ana.Silva`), user name (`ana.silva`, `asilva`) or employee
   * id (`E000123`, `E-000123`, `user_E000123_notes`). One pass; each token looks back at most 5.
   */
  findSpans(text: string, report: (start: number, end: number) => void): void {
    this.finder.find(text, report);
  }

  /**
   * Whether `value` (a domain label, an app name) contains someone's user name, id or full name
   * with only its letters and digits (`anasilva.dev`, `asilva-tools`), at least 6 characters long.
   */
  containsIdentifier(value: string): boolean {
    return this.containsCompactIdentifier(compactForm(value));
  }

  /** `containsIdentifier` given the value's `compactForm` (tokens.ts). */
  containsCompactIdentifier(c: string): boolean {
    const s: HashState = { a: 0, b: 0 };
    const out: HashState = { a: 0, b: 0 };
    for (let i = 0; i + MIN_COMPACT <= c.length; i++) {
      s.a = this.compactSeed.a;
      s.b = this.compactSeed.b;
      const end = Math.min(c.length, i + MAX_COMPACT);
      for (let j = i; j < end; j++) {
        feed(s, c.charCodeAt(j));
        if (j + 1 - i >= MIN_COMPACT) {
          digest(s, out);
          if (this.set.has(out.a, out.b)) return true;
        }
      }
    }
    return false;
  }
}
