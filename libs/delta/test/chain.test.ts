import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyDelta,
  applyProgram,
  BlockIndex,
  composePrograms,
  encodeDelta,
  LiteralSpool,
  randomBase,
  readDeltaProgram,
  SignatureBuilder,
  signatureOf,
  StreamedBase,
  type BlockSource,
  type DeltaProgram,
  type DeltaStats,
} from '../src/index.js';
import { collect } from './generator.js';

// A file through several levels, each delta made against the signature the previous delta built: after
// an insertion the blocks sit off the block-size grid, with short blocks where changes ended. Every
// version must rebuild from its delta, and the whole chain from the first version through composed
// programs, in one pass (copies in order) or by random access.

const bs = 2048;
const memorySource = (data: Buffer): BlockSource => ({
  size: data.length,
  read: async (offset, length) => data.subarray(offset, offset + length),
});
async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

const v0 = randomBytes(300_000);
const v1 = Buffer.concat([randomBytes(1000), v0]); // everything shifts by 1000
const v2 = Buffer.concat([v1.subarray(0, 150_000), randomBytes(3_000), v1.subarray(153_000)]); // in place
const v3 = Buffer.from(v2); // unchanged (content-wise)
const v4 = Buffer.concat([v3.subarray(0, 20_000), v3.subarray(40_000), randomBytes(5_555)]); // cut, append
const v5 = Buffer.concat([v4.subarray(100_000, 200_000), v4]); // a range repeated at the front
const versions = [v0, v1, v2, v3, v4, v5];

interface Level {
  delta: Buffer;
  signature: Buffer;
  stats: DeltaStats;
}

async function levelOf(data: Buffer, previousSignature: Buffer): Promise<Level> {
  const index = await BlockIndex.read(chunked(previousSignature, 777));
  const builder = new SignatureBuilder(bs);
  const stats: DeltaStats = { newSize: 0, literalBytes: 0, copiedBytes: 0 };
  const sig: Buffer[] = [];
  const delta: Buffer[] = [];
  for await (const piece of encodeDelta(chunked(data, 5000), index, { signature: builder, stats })) {
    delta.push(Buffer.from(piece));
    sig.push(builder.take());
  }
  sig.push(builder.take());
  return { delta: Buffer.concat(delta), signature: Buffer.concat(sig), stats };
}

describe('a chain of deltas on shifted blocks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fz-delta-chain-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const levels: Level[] = [];

  it('each level rebuilds from the previous version; an unchanged one is all copies', async () => {
    let signature = await collect(signatureOf(chunked(v0, 4096), bs));
    for (let k = 1; k < versions.length; k++) {
      const level = await levelOf(versions[k] as Buffer, signature);
      levels.push(level);
      const rebuilt = await collect(
        applyDelta(chunked(level.delta, 999), memorySource(versions[k - 1] as Buffer)),
      );
      expect(rebuilt.equals(versions[k] as Buffer)).toBe(true);
      signature = level.signature;
    }
    // Level 1 kept the shifted blocks: only the insertion is literal, the signature has one more block.
    expect(levels[0]?.stats.literalBytes).toBe(1000);
    // Level 3 changed nothing: its short blocks (mid-file, from levels 1 and 2) are matched too.
    expect(levels[2]?.stats.literalBytes).toBe(0);
    expect(levels[2]?.delta.length).toBeLessThan(200);
    expect(levels[2]?.signature.equals(levels[1]?.signature as Buffer)).toBe(true);
  });

  async function programs(spool: LiteralSpool): Promise<DeltaProgram> {
    let composed: DeltaProgram | undefined;
    for (const level of [...levels].reverse()) {
      const program = await readDeltaProgram(chunked(level.delta, 1234), spool);
      composed = composed ? composePrograms(composed, program) : program;
    }
    return composed as DeltaProgram;
  }

  it('composed into one program, rebuilds the last version from the first in one pass or by random access', async () => {
    const spool = await LiteralSpool.create(join(dir, 'spool-ok'));
    try {
      const program = await programs(spool);
      const random = await collect(applyProgram(program, randomBase(memorySource(v0)), spool));
      expect(random.equals(v5)).toBe(true);
      // v5 repeats a range: its copies are out of order, so a single pass cannot serve it ...
      expect(program.segments.copiesInOrder()).toBe(false);
      // ... but the chain up to v4 can.
      const upToV4 = composePrograms(
        composePrograms(
          composePrograms(
            await readDeltaProgram([levels[3]?.delta as Buffer], spool),
            await readDeltaProgram([levels[2]?.delta as Buffer], spool),
          ),
          await readDeltaProgram([levels[1]?.delta as Buffer], spool),
        ),
        await readDeltaProgram([levels[0]?.delta as Buffer], spool),
      );
      expect(upToV4.segments.copiesInOrder()).toBe(true);
      const streamed = await collect(applyProgram(upToV4, new StreamedBase(chunked(v0, 3333)), spool));
      expect(streamed.equals(v4)).toBe(true);
    } finally {
      await spool.remove();
    }
  });

  it('a damaged literal, a wrong base or a delta out of its chain is refused', async () => {
    const spool = await LiteralSpool.create(join(dir, 'spool-bad'));
    try {
      const program = await programs(spool);
      const otherBase = Buffer.from(v0);
      otherBase[200_000] = (otherBase[200_000] as number) ^ 1;
      await expect(
        collect(applyProgram(program, randomBase(memorySource(otherBase)), spool)),
      ).rejects.toMatchObject({
        code: 'mismatch',
      });
      const handle = await open(join(dir, 'spool-bad'), 'r+');
      await handle.write(Buffer.from([0x55]), 0, 1, 10);
      await handle.close();
      await expect(collect(applyProgram(program, randomBase(memorySource(v0)), spool))).rejects.toMatchObject(
        {
          code: 'mismatch',
        },
      );
      const first = await readDeltaProgram([levels[0]?.delta as Buffer], spool);
      const third = await readDeltaProgram([levels[2]?.delta as Buffer], spool);
      expect(() => composePrograms(third, first)).toThrow(/another version/);
    } finally {
      await spool.remove();
    }
  });
});
