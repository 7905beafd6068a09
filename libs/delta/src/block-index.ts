import { ByteReader } from './byte-reader.js';
import { DeltaError } from './errors.js';
import {
  BLOCK_RECORD_BYTES,
  BLOCK_TAG,
  END_TAG,
  SIGNATURE_HEADER_BYTES,
  SIGNATURE_MAGIC,
  SIGNATURE_VERSION,
} from './signature-format.js';
import { STRONG_BYTES, strongHash } from './strong-hash.js';

const EMPTY = -1;
export const SLOT_MULTIPLIER = 0x9e3779b1;

/**
 * A base file's signature as a compact lookup table: per block 4 bytes of weak hash, 16 of strong hash and
 * 4 of chain link, plus an open hash table of 4 bytes per slot (4–8 slots per block, so most probes of a
 * non-matching window hit an empty slot and cost one array read). A 500 MiB file at 16 KiB blocks needs
 * about 1.3 MB. The short last block is kept aside: it can only match at the very end of the new file.
 */
export class BlockIndex {
  // Read directly by the search's inner loop (rolling-scan.ts), which inlines `slotOf`:
  /** The hash table: per slot the first block in that slot, or -1. */
  readonly slots: Int32Array;
  readonly slotShift: number;
  /** Per block, the next block in the same slot, or -1. */
  readonly chain: Int32Array;
  /** Per full block, its weak hash as a signed 32-bit value. */
  readonly weakInt32: Int32Array;
  /**
   * One bit per slot of a table 16x larger than the block count (2 bytes per block): a window whose
   * bit is clear has no block with its weak hash. Much smaller than the slots, it stays in a faster
   * cache: the byte-by-byte search over changed data ran about 25 % faster with it (500 MiB file).
   */
  readonly filter: Int32Array;
  readonly filterShift: number;

  private constructor(
    readonly blockSize: number,
    readonly fileSize: number,
    /** Content digest of the whole base file (content-digest.ts). */
    readonly fileDigest: Buffer,
    private readonly weak: Uint32Array,
    private readonly strong: Buffer,
    /** Number of full-size blocks (the hashed ones). */
    readonly fullBlocks: number,
  ) {
    let bits = 10;
    while (1 << bits < fullBlocks * 4 && bits < 24) bits++;
    this.slotShift = 32 - bits;
    this.slots = new Int32Array(1 << bits).fill(EMPTY);
    this.chain = new Int32Array(fullBlocks).fill(EMPTY);
    this.weakInt32 = new Int32Array(weak.buffer, weak.byteOffset, fullBlocks);
    let filterBits = 10;
    while (1 << filterBits < fullBlocks * 16 && filterBits < 27) filterBits++;
    this.filterShift = 32 - filterBits;
    this.filter = new Int32Array(1 << (filterBits - 5));
    for (let i = 0; i < fullBlocks; i++) {
      const bit = Math.imul(weak[i] as number, SLOT_MULTIPLIER) >>> this.filterShift;
      this.filter[bit >>> 5] = (this.filter[bit >>> 5] as number) | (1 << (bit & 31));
    }
    // Inserted back to front so each chain lists blocks in file order.
    for (let i = fullBlocks - 1; i >= 0; i--) {
      const slot = this.slotOf(weak[i] as number);
      this.chain[i] = this.slots[slot] as number;
      this.slots[slot] = i;
    }
  }

  get blockCount(): number {
    return this.weak.length;
  }

  /** Length of the short last block (0 when the size is a multiple of the block size). */
  get tailLength(): number {
    return this.fileSize - this.fullBlocks * this.blockSize;
  }

  /** Fibonacci hashing of the weak hash (rolling-scan.ts inlines the same formula). */
  private slotOf(weak: number): number {
    return Math.imul(weak, SLOT_MULTIPLIER) >>> this.slotShift;
  }

  /** Cheap pre-check: could any full block have this weak hash? */
  mayContain(weak: number): boolean {
    return this.slots[this.slotOf(weak)] !== EMPTY;
  }

  /** The weak hash recorded for `block`. */
  weakOf(block: number): number {
    return this.weak[block] as number;
  }

  /** The strong hash recorded for `block` (a view into the index). */
  strongOf(block: number): Buffer {
    return this.strong.subarray(block * STRONG_BYTES, (block + 1) * STRONG_BYTES);
  }

  /** Is `strong` the strong hash recorded for `block`? */
  strongEquals(block: number, strong: Uint8Array): boolean {
    return (
      this.strong.compare(strong, 0, STRONG_BYTES, block * STRONG_BYTES, (block + 1) * STRONG_BYTES) === 0
    );
  }

  /**
   * The first full block (in file order) equal to `data[start, start+blockSize)` whose weak hash is
   * `weak`, or -1. The window's strong hash is computed only if some block has the same weak hash;
   * `strong` passes it in when the caller already has it.
   */
  find(weak: number, data: Uint8Array, start: number, strong?: Uint8Array): number {
    let window = strong;
    for (
      let block = this.slots[this.slotOf(weak)] as number;
      block !== EMPTY;
      block = this.chain[block] as number
    ) {
      if (this.weak[block] !== weak) continue;
      window ??= strongHash(data, start, this.blockSize);
      if (this.strongEquals(block, window)) return block;
    }
    return -1;
  }

  /** Does `data[start, start+tailLength)` equal the short last block? */
  matchesTail(data: Uint8Array, start: number): boolean {
    const tail = this.tailLength;
    if (tail === 0) return false;
    const block = this.fullBlocks;
    return (
      strongHash(data, start, tail).compare(this.strong, block * STRONG_BYTES, (block + 1) * STRONG_BYTES) ===
      0
    );
  }

  /** Reads a signature stream (see signature-format.ts) into an index. */
  static async read(signature: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<BlockIndex> {
    const reader = new ByteReader(signature);
    const header = await reader.exact(SIGNATURE_HEADER_BYTES, 'signature header');
    if (!SIGNATURE_MAGIC.equals(header.subarray(0, 6)))
      throw new DeltaError('corrupt', 'not a block signature (no FRZSIG header)');
    if (header[6] !== SIGNATURE_VERSION)
      throw new DeltaError('corrupt', `signature version ${header[6]} is not supported`);
    if (header[7] !== STRONG_BYTES) throw new DeltaError('corrupt', 'signature strong hash length is not 16');
    const blockSize = header.readUInt32BE(8);
    if (blockSize < 1) throw new DeltaError('corrupt', 'signature block size is 0');

    let weak = new Uint32Array(1024);
    let strong = Buffer.allocUnsafe(1024 * STRONG_BYTES);
    let count = 0;
    for (;;) {
      const tag = await reader.byte('signature');
      if (tag === END_TAG) break;
      if (tag !== BLOCK_TAG) throw new DeltaError('corrupt', `signature record tag ${tag} is unknown`);
      const record = await reader.exact(BLOCK_RECORD_BYTES - 1, 'signature block');
      if (count === weak.length) {
        const grownWeak = new Uint32Array(weak.length * 2);
        grownWeak.set(weak);
        weak = grownWeak;
        const grownStrong = Buffer.allocUnsafe(strong.length * 2);
        strong.copy(grownStrong);
        strong = grownStrong;
      }
      weak[count] = record.readUInt32BE(0);
      record.copy(strong, count * STRONG_BYTES, 4, 4 + STRONG_BYTES);
      count++;
    }
    const end = await reader.exact(40, 'signature end');
    const fileSize = Number(end.readBigUInt64BE(0));
    const fileDigest = Buffer.from(end.subarray(8, 40));
    if (!(await reader.atEnd())) throw new DeltaError('corrupt', 'bytes after the end of the signature');
    if (Math.ceil(fileSize / blockSize) !== count)
      throw new DeltaError('corrupt', `signature has ${count} blocks for a ${fileSize}-byte file`);
    const fullBlocks = Math.floor(fileSize / blockSize);
    return new BlockIndex(
      blockSize,
      fileSize,
      fileDigest,
      weak.subarray(0, count),
      strong.subarray(0, count * STRONG_BYTES),
      fullBlocks,
    );
  }
}
