/**
 * The scan behind `Directory.findSpans`, written for speed: it runs on every token of every kept
 * text. The last tokens live in a ring of typed arrays (no allocation per token), the hash states
 * start from per-kind seeds computed once, and each token extends at most 5 sequences backwards.
 */
import { MIN_IDENTIFIER } from './entries.ts';
import type { HashSet64 } from './hash-set.ts';
import { digest, feed, type HashKey, type HashState, KIND, start } from './keyed-hash.ts';
import { MAX_ID_TOKENS, MAX_NAME_TOKENS, MAX_USER_TOKENS } from './sequences.ts';
import { isLetterOrDigit, scanTokensFrom, type Token, tokenSeed } from './tokens.ts';

// MIN_IDENTIFIER (entries.ts): shortest user name or single name matched; ids need 4 characters.

const RING = 8; // a power of two ≥ the longest sequence
const MASK = RING - 1;
const LETTERS = 1;
const CASED = 2;
const NAME_GAP = 4;
const DEAD = 8;

export class SpanFinder {
  private readonly starts = new Int32Array(RING);
  private readonly hi = new Int32Array(RING);
  private readonly lo = new Int32Array(RING);
  private readonly joint = new Int32Array(RING);
  private readonly length = new Int32Array(RING);
  private readonly flags = new Uint8Array(RING);
  private count = 0;
  private text = '';
  private report: (start: number, end: number) => void = () => {};
  private readonly user: HashState = { a: 0, b: 0 };
  private readonly id: HashState = { a: 0, b: 0 };
  private readonly name: HashState = { a: 0, b: 0 };
  private readonly out: HashState = { a: 0, b: 0 };
  private readonly userSeed: HashState;
  private readonly idSeed: HashState;
  private readonly nameSeed: HashState;
  private readonly tokenSeed: HashState;
  private readonly visit = (t: Token): void => this.onToken(t);

  constructor(
    key: HashKey,
    private readonly set: HashSet64,
    /** Bit (hi mod size) set for every token of a stored sequence; a clear bit ends every sequence. */
    private readonly tokenFilter: Uint32Array,
  ) {
    this.userSeed = start(key, KIND.user, { a: 0, b: 0 });
    this.idSeed = start(key, KIND.id, { a: 0, b: 0 });
    this.nameSeed = start(key, KIND.name, { a: 0, b: 0 });
    this.tokenSeed = tokenSeed(key);
  }

  find(text: string, report: (start: number, end: number) => void): void {
    this.text = text;
    this.report = report;
    this.count = 0;
    try {
      scanTokensFrom(this.tokenSeed, text, this.visit, this.tokenFilter);
    } finally {
      this.text = '';
      this.report = () => {};
    }
  }

  private has(s: HashState): boolean {
    digest(s, this.out);
    return this.set.has(this.out.a, this.out.b);
  }

  private onToken(t: Token): void {
    if (t.afterSkipped) {
      // Nobody's tokens (almost every token) were skipped by the scan: no sequence runs through
      // them, so one dead slot stops every look-back here.
      this.flags[this.count & MASK] = DEAD;
      this.count++;
    }
    const slot = this.count & MASK;
    this.count++;
    this.starts[slot] = t.start;
    this.hi[slot] = t.hi;
    this.lo[slot] = t.lo;
    this.joint[slot] = t.joint;
    this.length[slot] = t.length;
    this.flags[slot] = (t.letters ? LETTERS : 0) | (t.cased ? CASED : 0) | (t.nameGap ? NAME_GAP : 0);
    const last = this.count - 1;
    const available = Math.min(this.count, MAX_USER_TOKENS);

    // User names and ids: tokens joined by nothing or one of `. _ -`, and a whole word: not glued
    // to a letter or digit on either side (`e000123` inside a hash `9e0001237a` is not an id).
    const text = this.text;
    const free = t.end >= text.length || !isLetterOrDigit(text.charCodeAt(t.end));
    if (free) {
      const user = this.user;
      const id = this.id;
      user.a = this.userSeed.a;
      user.b = this.userSeed.b;
      id.a = this.idSeed.a;
      id.b = this.idSeed.b;
      let length = 0;
      let digits = false;
      for (let back = 0; back < available; back++) {
        const k = (last - back) & MASK;
        if (back > 0) {
          const joint = this.joint[(last - back + 1) & MASK]!;
          if (joint < 0 || (this.flags[k]! & DEAD) !== 0) break;
          feed(user, joint);
          if (joint > 0) length++;
        }
        feed(user, this.hi[k]!);
        feed(user, this.lo[k]!);
        length += this.length[k]!;
        const whole = this.joint[k] !== 0;
        if (whole && length >= MIN_IDENTIFIER && this.has(user)) this.report(this.starts[k]!, t.end);
        if (back < MAX_ID_TOKENS) {
          feed(id, this.hi[k]!);
          feed(id, this.lo[k]!);
          digits ||= (this.flags[k]! & LETTERS) === 0;
          if (whole && digits && length >= 4 && this.has(id)) this.report(this.starts[k]!, t.end);
        }
      }
    }

    // Names: letter tokens written with a capital, joined by spaces, `, ` or one of `. _ -`.
    if (t.letters && t.cased) {
      const name = this.name;
      name.a = this.nameSeed.a;
      name.b = this.nameSeed.b;
      const most = Math.min(this.count, MAX_NAME_TOKENS);
      for (let back = 0; back < most; back++) {
        const k = (last - back) & MASK;
        if (back > 0) {
          const later = this.flags[(last - back + 1) & MASK]!;
          const f = this.flags[k]!;
          if ((later & NAME_GAP) === 0 || (f & (LETTERS | CASED)) !== (LETTERS | CASED)) break;
        }
        feed(name, this.hi[k]!);
        feed(name, this.lo[k]!);
        if ((back > 0 || this.length[k]! >= MIN_IDENTIFIER) && this.has(name))
          this.report(this.starts[k]!, t.end);
      }
    }
  }
}
