import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  BlockIndex,
  chooseBlockSize,
  encodeDelta,
  signatureBytes,
  signatureOf,
  type DeltaStats,
} from '../src/index.js';
import { collect, digestOf, generate, generatedSource, totalLength, type Part } from './generator.js';

// One 500 MiB base file, streamed from a deterministic generator (never in memory, never on disk):
// its signature is built once, then three level-1 changes are delta-encoded against it and rebuilt.
const SIZE = 500 * 1024 * 1024;
const BASE_SEED = 1;
const base = (offset: number, length: number): Part => ({ seed: BASE_SEED, offset, length });
const fresh = (seed: number, length: number): Part => ({ seed, offset: 0, length });

interface Case {
  name: string;
  parts: Part[];
  changed: number;
}

const cases: Case[] = [
  {
    name: '(a) 8 MiB changed in place at two unaligned offsets',
    parts: [
      base(0, 100_000_003),
      fresh(2, 4 * 1024 * 1024),
      base(100_000_003 + 4 * 1024 * 1024, 300_000_000 - 100_000_003 - 4 * 1024 * 1024),
      fresh(3, 4 * 1024 * 1024),
      base(300_000_000 + 4 * 1024 * 1024, SIZE - 300_000_000 - 4 * 1024 * 1024),
    ],
    changed: 8 * 1024 * 1024,
  },
  {
    name: '(b) 1 KiB inserted at the start',
    parts: [fresh(4, 1024), base(0, SIZE)],
    changed: 1024,
  },
  {
    name: '(c) 8 MiB appended',
    parts: [base(0, SIZE), fresh(5, 8 * 1024 * 1024)],
    changed: 8 * 1024 * 1024,
  },
];

describe('500 MiB file, level 1 after a change', () => {
  const blockSize = chooseBlockSize(SIZE);
  let signature: Buffer;

  it('signature: streamed, 21 bytes per block', async () => {
    signature = await collect(signatureOf(generate([base(0, SIZE)]), blockSize));
    expect(blockSize).toBe(16 * 1024);
    expect(signature.length).toBe(signatureBytes(SIZE, blockSize));
    expect(signature.length).toBeLessThan(700_000);
  });

  for (const c of cases) {
    it(`${c.name}: delta within 2x of the change plus signature, rebuilt byte-identical`, async () => {
      const index = await BlockIndex.read([signature]);
      const stats: DeltaStats = { newSize: 0, literalBytes: 0, copiedBytes: 0 };
      const delta = await collect(encodeDelta(generate(c.parts), index, { stats }));
      expect(stats.newSize).toBe(totalLength(c.parts));
      expect(delta.length).toBeLessThanOrEqual(2 * c.changed + signature.length);
      // Tighter than the requirement: the literals are the change plus at most two partial blocks.
      expect(stats.literalBytes).toBeLessThanOrEqual(c.changed + 2 * blockSize);
      expect(stats.literalBytes).toBeGreaterThanOrEqual(c.changed);

      const rebuilt = await digestOf(applyDelta([delta], generatedSource(BASE_SEED, SIZE)));
      const expected = await digestOf(generate(c.parts));
      expect(rebuilt).toEqual(expected);
      console.log(
        `${c.name}: delta ${delta.length} bytes (literals ${stats.literalBytes}) for ${c.changed} changed; ` +
          `signature ${signature.length}`,
      );
    });
  }
});
