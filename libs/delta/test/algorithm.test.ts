import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  BlockIndex,
  chooseBlockSize,
  ContentDigest,
  DeltaError,
  encodeDelta,
  outFactor,
  rollWeak,
  signatureBytes,
  signatureOf,
  SignatureBuilder,
  strongHash,
  weakHash,
  type BlockSource,
  type DeltaStats,
} from '../src/index.js';
import { collect } from './generator.js';

function memorySource(data: Buffer): BlockSource {
  return { size: data.length, read: async (offset, length) => data.subarray(offset, offset + length) };
}

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function roundTrip(
  base: Buffer,
  next: Buffer,
  blockSize: number,
  chunk = 7919,
): Promise<{ delta: Buffer; stats: DeltaStats; rebuilt: Buffer }> {
  const signature = await collect(signatureOf(chunked(base, chunk), blockSize));
  expect(signature.length).toBe(signatureBytes(base.length, blockSize));
  const index = await BlockIndex.read(chunked(signature, 1000));
  const stats: DeltaStats = { newSize: 0, literalBytes: 0, copiedBytes: 0 };
  // The encoder builds the new file's signature, partly from the base's records: at the base's block
  // size it must describe the new file exactly (blocks may be shifted off the grid); at another block
  // size it is signed afresh and must equal hashing the new file from scratch.
  for (const newBlockSize of [blockSize, blockSize * 2]) {
    const builder = new SignatureBuilder(newBlockSize);
    const parts: Buffer[] = [];
    const encodeStats: DeltaStats = { newSize: 0, literalBytes: 0, copiedBytes: 0 };
    const encoding = encodeDelta(chunked(next, chunk), index, { signature: builder, stats: encodeStats });
    for await (const piece of encoding) {
      void piece;
      parts.push(builder.take());
    }
    parts.push(builder.take());
    const built = Buffer.concat(parts);
    if (newBlockSize === blockSize) await expectSignatureOf(built, next, encodeStats.digest);
    else expect(built.equals(await collect(signatureOf(chunked(next, 4096), newBlockSize)))).toBe(true);
  }
  const delta = await collect(encodeDelta(chunked(next, chunk), index, { stats }));
  const rebuilt = await collect(applyDelta(chunked(delta, 333), memorySource(base)));
  return { delta, stats, rebuilt };
}

/** `signature` describes `data` block by block, and its digest (and the delta's) is the content's. */
async function expectSignatureOf(
  signature: Buffer,
  data: Buffer,
  deltaDigest: Buffer | undefined,
): Promise<void> {
  const index = await BlockIndex.read([signature]);
  expect(index.fileSize).toBe(data.length);
  const content = new ContentDigest(index.blockSize);
  for (let b = 0; b < index.blockCount; b++) {
    const offset = index.offsetOf(b);
    const length = index.lengthOf(b);
    expect(index.weakOf(b)).toBe(weakHash(data, offset, length));
    expect(index.strongOf(b).equals(strongHash(data, offset, length))).toBe(true);
    content.update(data.subarray(offset, offset + length));
    content.cut();
  }
  const digest = content.digest();
  expect(index.fileDigest.equals(digest)).toBe(true);
  expect(deltaDigest?.equals(digest)).toBe(true);
}

describe('rolling weak hash', () => {
  it('rolling one byte at a time equals hashing each window from scratch', () => {
    const data = randomBytes(5000);
    const n = 700;
    const factor = outFactor(n);
    let h = weakHash(data, 0, n);
    for (let pos = 1; pos + n <= data.length; pos++) {
      h = rollWeak(h, data[pos - 1] as number, data[pos + n - 1] as number, factor);
      if (pos % 97 === 0 || pos + n === data.length) expect(h).toBe(weakHash(data, pos, n));
    }
  });

  it('the four-bytes-a-step path (aligned data) gives the byte-by-byte definition', () => {
    const data = Buffer.allocUnsafeSlow(64 * 1024);
    randomBytes(data.length).copy(data);
    data.fill(0xff, 0, 3000);
    for (const [start, length] of [
      [0, 2048],
      [4, 4096],
      [8, 8191],
      [0, 64 * 1024],
    ] as const) {
      let h = 0;
      for (let i = start; i < start + length; i++) h = rollWeak(h, 0, data[i] as number, 0);
      expect(weakHash(data, start, length)).toBe(h);
    }
  });

  it('spreads zero-filled and text windows over different values', () => {
    const zeros = Buffer.alloc(4096);
    const text = Buffer.from('abcdefgh'.repeat(512));
    const values = new Set([weakHash(zeros, 0, 4096), weakHash(zeros, 0, 2048), weakHash(text, 0, 4096)]);
    expect(values.size).toBe(3);
  });
});

describe('block size', () => {
  it('scales with the square root of the size, as a power of two within 2 KiB–1 MiB', () => {
    expect(chooseBlockSize(0)).toBe(2048);
    expect(chooseBlockSize(1_000_000)).toBe(2048);
    expect(chooseBlockSize(500 * 1024 * 1024)).toBe(16384);
    expect(chooseBlockSize(200 * 1024 ** 3)).toBe(512 * 1024);
    expect(chooseBlockSize(2 ** 50)).toBe(1024 * 1024);
  });
});

describe('delta round trips', () => {
  const base = randomBytes(300_000);
  const bs = 2048;

  it('an identical file is all block references', async () => {
    const { delta, stats, rebuilt } = await roundTrip(base, base, bs);
    expect(rebuilt.equals(base)).toBe(true);
    expect(stats.literalBytes).toBe(0);
    expect(delta.length).toBeLessThan(120);
  });

  it('an insertion in the middle costs its own length, not the rest of the file', async () => {
    const inserted = randomBytes(1000);
    const next = Buffer.concat([base.subarray(0, 123_457), inserted, base.subarray(123_457)]);
    const { stats, rebuilt } = await roundTrip(base, next, bs);
    expect(rebuilt.equals(next)).toBe(true);
    // The insertion plus at most the one block it landed in.
    expect(stats.literalBytes).toBeLessThanOrEqual(1000 + bs);
  });

  it('deletions, overwrites, moved ranges and a new tail', async () => {
    const next = Buffer.concat([
      base.subarray(200_000, 250_000), // moved to the front
      base.subarray(0, 10_000),
      randomBytes(5_000), // overwritten range
      base.subarray(15_000, 150_000), // 150_000–200_000 deleted
      base.subarray(250_000),
      randomBytes(3_333),
    ]);
    const { stats, rebuilt } = await roundTrip(base, next, bs);
    expect(rebuilt.equals(next)).toBe(true);
    expect(stats.literalBytes).toBeLessThanOrEqual(5_000 + 3_333 + 6 * bs);
  });

  it('the short last block matches when the file ends the same way', async () => {
    const shortBase = base.subarray(0, 10 * bs + 77);
    const next = Buffer.concat([randomBytes(10), shortBase]);
    const { stats, rebuilt } = await roundTrip(shortBase, next, bs);
    expect(rebuilt.equals(next)).toBe(true);
    expect(stats.literalBytes).toBe(10);
  });

  it('edge sizes: empty base, empty new file, base shorter than a block, repeated blocks', async () => {
    const zeros = Buffer.alloc(20 * bs);
    const cases: [Buffer, Buffer][] = [
      [Buffer.alloc(0), base.subarray(0, 5000)],
      [base.subarray(0, 5000), Buffer.alloc(0)],
      [base.subarray(0, 100), base.subarray(0, 150)],
      [zeros, Buffer.concat([zeros, zeros.subarray(0, 5 * bs + 3)])],
    ];
    for (const [from, to] of cases) {
      const { rebuilt } = await roundTrip(from, to, bs, 1024);
      expect(rebuilt.equals(to)).toBe(true);
    }
    const repeated = await roundTrip(zeros, Buffer.concat([zeros, zeros]), bs);
    expect(repeated.stats.literalBytes).toBe(0);
    expect(repeated.delta.length).toBeLessThan(200);
  });

  it('random edits on text-like data with every chunking', async () => {
    const words = ['alpha ', 'beta ', 'gamma\n', 'delta ', '0123456789 ', 'backup '];
    let seed = 7;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const text = Buffer.from(Array.from({ length: 40_000 }, () => words[rand(words.length)]).join(''));
    for (let round = 0; round < 6; round++) {
      const at = rand(text.length);
      const cut = rand(3000);
      const next = Buffer.concat([text.subarray(0, at), randomBytes(rand(500)), text.subarray(at + cut)]);
      const { rebuilt } = await roundTrip(text, next, 1024 << (round % 3), 1 + rand(70_000));
      expect(rebuilt.equals(next)).toBe(true);
    }
  });
});

describe('damage and misuse', () => {
  const base = randomBytes(50_000);
  const next = Buffer.concat([base.subarray(0, 20_000), Buffer.from('changed'), base.subarray(20_000)]);

  async function deltaOf(): Promise<Buffer> {
    const index = await BlockIndex.read(signatureOf(chunked(base, 4096), 2048));
    return collect(encodeDelta(chunked(next, 4096), index));
  }

  it('a delta applied to the wrong base of the same size fails the SHA-256 check', async () => {
    const delta = await deltaOf();
    const other = Buffer.from(base);
    other.writeUInt8(other.readUInt8(30_000) ^ 1, 30_000);
    await expect(collect(applyDelta(chunked(delta, 999), memorySource(other)))).rejects.toMatchObject({
      code: 'mismatch',
    });
  });

  it('a base of another size is refused before any output', async () => {
    const delta = await deltaOf();
    await expect(collect(applyDelta(chunked(delta, 999), memorySource(base.subarray(1))))).rejects.toThrow(
      /needs a 50000-byte base/,
    );
  });

  it('flipped, truncated and extended deltas are detected', async () => {
    const delta = await deltaOf();
    const flipped = Buffer.from(delta);
    const at = delta.length - 50;
    flipped.writeUInt8(flipped.readUInt8(at) ^ 0x40, at);
    const truncated = delta.subarray(0, delta.length - 10);
    const extended = Buffer.concat([delta, Buffer.from([0])]);
    for (const bad of [flipped, truncated, extended]) {
      const error = await collect(applyDelta(chunked(bad, 999), memorySource(base))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeltaError);
    }
  });

  it('a damaged signature is refused', async () => {
    const signature = await collect(signatureOf(chunked(base, 4096), 2048));
    await expect(BlockIndex.read(chunked(signature.subarray(0, 100), 50))).rejects.toThrow(/ends early/);
    const wrongCount = Buffer.from(signature);
    wrongCount.writeBigUInt64BE(999_999n, wrongCount.length - 40);
    await expect(BlockIndex.read(chunked(wrongCount, 50))).rejects.toThrow(
      /cover 50000 bytes of a 999999-byte file/,
    );
    await expect(BlockIndex.read(chunked(Buffer.from('hello world, not a signature'), 50))).rejects.toThrow(
      /FRZSIG/,
    );
  });
});

describe('content digest', () => {
  it('is SHA-256 over "FRZBD2", the block size, (length, 16-byte strong hash) per block and the size', () => {
    // Stored points carry this digest: any other value would make their restores fail.
    for (const [blockSize, size] of [
      [2048, 2048 * 257 + 5],
      [8192, 600 * 8192],
      [2048, 100],
      [4096, 0],
    ] as const) {
      const data = randomBytes(size);
      const want = createHash('sha256');
      const head = Buffer.alloc(10);
      head.write('FRZBD2', 'latin1');
      head.writeUInt32BE(blockSize, 6);
      want.update(head);
      for (let at = 0; at < size; at += blockSize) {
        const block = data.subarray(at, Math.min(size, at + blockSize));
        const length = Buffer.alloc(4);
        length.writeUInt32BE(block.length);
        want.update(length).update(createHash('sha256').update(block).digest().subarray(0, 16));
      }
      const total = Buffer.alloc(8);
      total.writeBigUInt64BE(BigInt(size));
      const digest = new ContentDigest(blockSize);
      for (let at = 0; at < size; at += 77_777) digest.update(data.subarray(at, at + 77_777));
      expect(digest.digest().equals(want.update(total).digest())).toBe(true);
    }
  });
});
