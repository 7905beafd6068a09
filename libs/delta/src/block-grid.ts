import { ContentDigest } from './content-digest.js';
import { GRID_FROM_OPS, type DeltaHeader } from './delta-format.js';

/**
 * Where a file's signature blocks lie, as runs of equal block lengths: what its content digest is
 * computed over. A delta that keeps its base's blocks (GRID_FROM_OPS) describes the new file's grid
 * through its ops; this records it while the delta is read, for checking the file rebuilt later.
 */
export class BlockGrid {
  count = 0;
  lengths = new Float64Array(16);
  repeats = new Float64Array(16);
  private literalRun = 0;

  constructor(readonly blockSize: number) {}

  /** `n` literal bytes (consecutive literals form one run, cut into blocks when a copy follows). */
  literal(n: number): void {
    this.literalRun += n;
  }

  /** A copy of `blocks` full blocks, or one short block of `length` bytes (blocks = 0). */
  copy(blocks: number, length: number): void {
    this.endLiteralRun();
    if (blocks > 0) this.push(this.blockSize, blocks);
    else this.push(length, 1);
  }

  /** Call once at the end of the delta. */
  finish(): void {
    this.endLiteralRun();
  }

  private endLiteralRun(): void {
    const full = Math.floor(this.literalRun / this.blockSize);
    this.push(this.blockSize, full);
    this.push(this.literalRun - full * this.blockSize, 1);
    this.literalRun = 0;
  }

  private push(length: number, repeat: number): void {
    if (length === 0 || repeat === 0) return;
    const last = this.count - 1;
    if (last >= 0 && this.lengths[last] === length) {
      this.repeats[last] = (this.repeats[last] as number) + repeat;
      return;
    }
    if (this.count === this.lengths.length) {
      const lengths = new Float64Array(this.count * 2);
      lengths.set(this.lengths);
      const repeats = new Float64Array(this.count * 2);
      repeats.set(this.repeats);
      this.lengths = lengths;
      this.repeats = repeats;
    }
    this.lengths[this.count] = length;
    this.repeats[this.count] = repeat;
    this.count++;
  }
}

/**
 * The content digest of bytes streaming by, cut into blocks along a grid (or along full blocks of the
 * block size when there is none: a regular grid). Used to check a rebuilt file.
 */
export class GridDigest {
  private readonly content: ContentDigest;
  private run = 0;
  private leftInRun = 0;
  /** Bytes left in the current block. */
  private leftInBlock = 0;

  constructor(
    blockSize: number,
    private readonly grid: BlockGrid | undefined,
  ) {
    this.content = new ContentDigest(blockSize);
    if (grid && grid.count > 0) {
      this.leftInRun = grid.repeats[0] as number;
      this.leftInBlock = grid.lengths[0] as number;
    }
  }

  /** The grid a delta's header and ops give its new file (undefined: regular). */
  static of(header: DeltaHeader, grid: BlockGrid): GridDigest {
    return new GridDigest(header.newBlockSize, header.grid === GRID_FROM_OPS ? grid : undefined);
  }

  get size(): number {
    return this.content.size;
  }

  update(chunk: Uint8Array): void {
    const grid = this.grid;
    if (!grid) {
      this.content.update(chunk);
      return;
    }
    let at = 0;
    while (at < chunk.length) {
      if (this.leftInBlock === 0) {
        // Past the grid's end: the size check will fail; keep counting.
        this.content.update(chunk.subarray(at));
        return;
      }
      const n = Math.min(chunk.length - at, this.leftInBlock);
      this.content.update(chunk.subarray(at, at + n));
      at += n;
      this.leftInBlock -= n;
      if (this.leftInBlock === 0) this.nextBlock(grid);
    }
  }

  digest(): Buffer {
    return this.content.digest();
  }

  private nextBlock(grid: BlockGrid): void {
    this.content.cut();
    this.leftInRun--;
    if (this.leftInRun === 0) {
      this.run++;
      if (this.run >= grid.count) return;
      this.leftInRun = grid.repeats[this.run] as number;
    }
    this.leftInBlock = grid.lengths[this.run] as number;
  }
}
