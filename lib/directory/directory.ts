/**
 * A loaded people directory: the keyed-hash set and the two questions the scrubber asks of it —
 * which spans of a text are someone's name, user name or id (`findSpans`, linear: tokenize once,
 * look each candidate up), and whether a short value contains someone's identifier
 * (`containsIdentifier`, for domains and labels).
 */
import { randomBytes } from 'node:crypto';
import { decodeArtifact, encodeArtifact } from './artifact.ts';
import { MIN_COMPACT, MIN_IDENTIFIER, personEntries } from './entries.ts';
import { HashSet64 } from './hash-set.ts';
import { digest, feed, type HashKey, type HashState, KIND, keyFromBytes, start } from './keyed-hash.ts';
import type { Person } from './people-csv.ts';
import { MAX_ID_TOKENS, MAX_NAME_TOKENS, MAX_USER_TOKENS } from './sequences.ts';
import { compactForm, isLetterOrDigit, scanTokens, type Token } from './tokens.ts';

/** Longest compact identifier looked for inside a domain or label. */
const MAX_COMPACT = 48;
const RING = Math.max(MAX_USER_TOKENS, MAX_ID_TOKENS, MAX_NAME_TOKENS);

export interface DirectoryStats {
  readonly people: number;
  readonly entries: number;
  readonly bytes: number;
}

export class Directory {
  private readonly hashKey: HashKey;

  private constructor(
    private readonly set: HashSet64,
    key: Uint8Array,
    /** The artifact this directory was decoded from or encoded to: what workers and files get. */
    readonly artifact: Uint8Array,
    readonly people: number,
  ) {
    this.hashKey = keyFromBytes(key);
  }

  /** Builds from people under a fresh random key (or `key`, for reproducible tests). */
  static build(people: readonly Person[], key: Uint8Array = randomBytes(16)): Directory {
    const hashKey = keyFromBytes(key);
    const pairs: number[] = [];
    const seen = new HashSet64(Math.max(16, people.length * 16));
    for (const p of people) {
      personEntries(hashKey, p, (h) => {
        if (seen.add(h.a, h.b)) pairs.push(h.a, h.b);
      });
    }
    const artifact = encodeArtifact({ people: people.length, key, entries: Uint32Array.from(pairs) });
    return Directory.fromArtifact(artifact);
  }

  /** Decodes a built artifact; throws DirectoryFormatError when it is not one or is damaged. */
  static fromArtifact(bytes: Uint8Array): Directory {
    const content = decodeArtifact(bytes);
    const n = content.entries.length / 2;
    const set = new HashSet64(Math.max(16, n));
    for (let i = 0; i < n; i++) set.add(content.entries[2 * i]!, content.entries[2 * i + 1]!);
    return new Directory(set, content.key, bytes, content.people);
  }

  stats(): DirectoryStats {
    return { people: this.people, entries: this.set.size, bytes: this.artifact.byteLength };
  }

  /**
   * Reports [start, end) of every span of `text` that is a person's name (tokens written with a
   * capital, `Ana Silva`, `SILVA, Ana`, `Ana.Silva`), user name (`ana.silva`, `asilva`) or employee
   * id (`E000123`, `E-000123`, `user_E000123_notes`). One pass; each token looks back at most 5.
   */
  findSpans(text: string, report: (start: number, end: number) => void): void {
    const key = this.hashKey;
    const set = this.set;
    const ring: Token[] = Array.from({ length: RING }, () => ({
      start: 0,
      end: 0,
      letters: true,
      cased: false,
      length: 0,
      hi: 0,
      lo: 0,
      joint: -1,
      nameGap: false,
    }));
    let count = 0;
    const user: HashState = { a: 0, b: 0 };
    const id: HashState = { a: 0, b: 0 };
    const name: HashState = { a: 0, b: 0 };
    const out: HashState = { a: 0, b: 0 };
    scanTokens(key, text, (t) => {
      const slot = ring[count % RING]!;
      Object.assign(slot, t);
      count++;
      const at = (back: number) => ring[(count - 1 - back) % RING]!;

      // User names and ids: tokens joined by nothing or one of `. _ -`, and a whole word: not glued
      // to a letter or digit on either side (`e000123` inside a hash `9e0001237a` is not an id).
      const free = t.end >= text.length || !isLetterOrDigit(text.charCodeAt(t.end));
      start(key, KIND.user, user);
      start(key, KIND.id, id);
      let length = 0;
      let digits = false;
      for (let back = 0; back < Math.min(count, MAX_USER_TOKENS); back++) {
        const tok = at(back);
        if (back > 0) {
          const joint = at(back - 1).joint;
          if (joint < 0) break;
          feed(user, joint);
          if (joint > 0) length++;
        }
        feed(user, tok.hi);
        feed(user, tok.lo);
        length += tok.length;
        const whole = free && tok.joint !== 0;
        if (whole && length >= MIN_IDENTIFIER) {
          digest(user, out);
          if (set.has(out.a, out.b)) report(tok.start, t.end);
        }
        if (back < MAX_ID_TOKENS) {
          feed(id, tok.hi);
          feed(id, tok.lo);
          digits ||= !tok.letters;
          if (whole && digits && length >= 4) {
            digest(id, out);
            if (set.has(out.a, out.b)) report(tok.start, t.end);
          }
        }
      }

      // Names: letter tokens written with a capital, joined by spaces, `, ` or one of `. _ -`.
      if (t.letters && t.cased) {
        start(key, KIND.name, name);
        for (let back = 0; back < Math.min(count, MAX_NAME_TOKENS); back++) {
          const tok = at(back);
          if (back > 0 && !(at(back - 1).nameGap && tok.letters && tok.cased)) break;
          feed(name, tok.hi);
          feed(name, tok.lo);
          if (back > 0 || tok.length >= MIN_IDENTIFIER) {
            digest(name, out);
            if (set.has(out.a, out.b)) report(tok.start, t.end);
          }
        }
      }
    });
  }

  /**
   * Whether `value` (a domain label, an app name) contains someone's user name, id or full name
   * with only its letters and digits (`anasilva.dev`, `asilva-tools`), at least 6 characters long.
   */
  containsIdentifier(value: string): boolean {
    const c = compactForm(value);
    const s: HashState = { a: 0, b: 0 };
    const out: HashState = { a: 0, b: 0 };
    for (let i = 0; i + MIN_COMPACT <= c.length; i++) {
      start(this.hashKey, KIND.compact, s);
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
