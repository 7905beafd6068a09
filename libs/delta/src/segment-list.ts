export const SEG_COPY = 0;
export const SEG_LITERAL = 1;
export type SegmentKind = typeof SEG_COPY | typeof SEG_LITERAL;

/**
 * A file described as consecutive byte ranges, each taken from a base file (copy) or from a literal
 * spool (literal) at `source`. Typed arrays, not objects: a 200 GiB file can have hundreds of thousands
 * of ranges. Offsets are float64 (exact below 2^53). Adjacent ranges that continue each other merge.
 */
export class SegmentList {
  count = 0;
  kinds = new Uint8Array(64);
  sources = new Float64Array(64);
  lengths = new Float64Array(64);
  total = 0;

  push(kind: SegmentKind, source: number, length: number): void {
    if (length <= 0) return;
    this.total += length;
    const last = this.count - 1;
    if (
      last >= 0 &&
      this.kinds[last] === kind &&
      (this.sources[last] as number) + (this.lengths[last] as number) === source
    ) {
      this.lengths[last] = (this.lengths[last] as number) + length;
      return;
    }
    if (this.count === this.kinds.length) this.grow();
    this.kinds[this.count] = kind;
    this.sources[this.count] = source;
    this.lengths[this.count] = length;
    this.count++;
  }

  /** Output offset of each range, plus the total at the end (for binary search). */
  starts(): Float64Array {
    const starts = new Float64Array(this.count + 1);
    for (let i = 0; i < this.count; i++) starts[i + 1] = (starts[i] as number) + (this.lengths[i] as number);
    return starts;
  }

  /** Do the copies read the base front to back, each after the previous (one sequential pass)? */
  copiesInOrder(): boolean {
    let next = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.kinds[i] !== SEG_COPY) continue;
      const source = this.sources[i] as number;
      if (source < next) return false;
      next = source + (this.lengths[i] as number);
    }
    return true;
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    const sources = new Float64Array(size);
    sources.set(this.sources);
    const lengths = new Float64Array(size);
    lengths.set(this.lengths);
    this.kinds = kinds;
    this.sources = sources;
    this.lengths = lengths;
  }
}
