/**
 * A set of 64-bit hashes (pairs of uint32) in one typed array: open addressing, linear probing,
 * load ≤ 1/2. Half a million entries take 8 MiB and a lookup is a few array reads — a `Set` of
 * strings or BigInts would take several times the memory and be slower to probe. Almost every
 * lookup is a miss (most tokens are nobody's), so a bitmap of 8+ bits per entry (by `hi`) answers
 * those from a cache-sized array before the table is touched.
 */
export class HashSet64 {
  private readonly slots: Uint32Array;
  private readonly mask: number;
  private readonly bits: Uint32Array;
  private readonly bitMask: number;
  private count = 0;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Uint32Array(size * 2);
    this.mask = size - 1;
    // size ≥ 2 × capacity, so 4 × size bits ≥ 8 bits per entry: under 12 % of a miss's bits are set.
    this.bits = new Uint32Array((size * 4) / 32);
    this.bitMask = size * 4 - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds hi:lo (never 0:0, the empty slot). Returns false when it was there already. */
  add(hi: number, lo: number): boolean {
    const s = this.slots;
    for (let i = (lo ^ (hi >>> 7)) & this.mask; ; i = (i + 1) & this.mask) {
      const h = s[2 * i]!;
      const l = s[2 * i + 1]!;
      if (h === 0 && l === 0) {
        if ((this.count + 1) * 2 > this.mask + 1) throw new RangeError('directory: hash set is full');
        s[2 * i] = hi;
        s[2 * i + 1] = lo;
        const b = hi & this.bitMask;
        this.bits[b >>> 5]! |= 1 << (b & 31);
        this.count++;
        return true;
      }
      if (h === hi >>> 0 && l === lo >>> 0) return false;
    }
  }

  has(hi: number, lo: number): boolean {
    const b = hi & this.bitMask;
    if ((this.bits[b >>> 5]! & (1 << (b & 31))) === 0) return false;
    const s = this.slots;
    const h0 = hi >>> 0;
    const l0 = lo >>> 0;
    for (let i = (lo ^ (hi >>> 7)) & this.mask; ; i = (i + 1) & this.mask) {
      const h = s[2 * i]!;
      const l = s[2 * i + 1]!;
      if (h === h0 && l === l0) return true;
      if (h === 0 && l === 0) return false;
    }
  }
}
