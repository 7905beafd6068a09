import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, encode, type CompressionName, type EncryptionFormat } from '../src/index.js';

const TOTAL = 200 * 1024 * 1024;
const CHUNK = 256 * 1024;
const SEGMENT = 8 * 1024 * 1024;
const passphrase = Buffer.from('large stream key');

/** 200 MB generated on the fly (never held whole), hashing what it produced. */
async function* generated(total: number, digest: ReturnType<typeof createHash>): AsyncGenerator<Uint8Array> {
  const text = Buffer.from(
    'a fairly compressible line of a log file, 0123456789\n'.repeat(CHUNK / 32),
  ).subarray(0, CHUNK);
  for (let produced = 0; produced < total; produced += CHUNK) {
    // Fresh buffers each time, half random, half text: a consumer that kept references would grow.
    const chunk = Buffer.allocUnsafe(CHUNK);
    randomFillSync(chunk, 0, CHUNK / 2);
    text.copy(chunk, CHUNK / 2, 0, CHUNK / 2);
    digest.update(chunk);
    yield chunk;
  }
}

function rssSampler(): { sample: () => void; peakGrowth: () => number } {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  return {
    sample: () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    },
    peakGrowth: () => peak - baseline,
  };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'codec-large-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MiB = 1024 * 1024;
// Growth, not absolute RSS: a pipeline that held the stream would grow by 100-200 MiB here. What remains
// is a few blocks and one segment in flight plus garbage buffers V8 has not yet collected (measured
// +40..+100 MiB depending on the codec; see docs/agent-formats.md "Memory").
const GROWTH_LIMIT = 128 * MiB;

export function largeStreamSuite(compression: CompressionName, encryption: EncryptionFormat): void {
  describe(`200 MB streamed through ${compression} + ${encryption}`, () => {
    it('round-trips with bounded memory (RSS growth a fraction of the data size)', async () => {
      const file = join(dir, `${compression}-${encryption}.data`);
      const inputHash = createHash('sha256');
      const encodeRss = rssSampler();
      const result = encode(generated(TOTAL, inputHash), {
        compression,
        encryption,
        passphrase,
        segmentSize: SEGMENT,
      });
      const out = await open(file, 'w');
      try {
        for await (const segment of result.segments) {
          encodeRss.sample();
          await out.write(segment);
        }
      } finally {
        await out.close();
      }
      const summary = await result.summary;
      expect(summary.rawBytes).toBe(TOTAL);
      expect(summary.storedBytes).toBe(statSync(file).size);
      expect(summary.segments.every((s, i) => i === summary.segments.length - 1 || s.bytes === SEGMENT)).toBe(
        true,
      );
      const encodeGrowth = encodeRss.peakGrowth();
      expect(encodeGrowth, `encode RSS growth ${(encodeGrowth / MiB).toFixed(1)} MiB`).toBeLessThan(
        GROWTH_LIMIT,
      );

      const decodeRss = rssSampler();
      const outputHash = createHash('sha256');
      let outputBytes = 0;
      const stored = createReadStream(file, { highWaterMark: MiB });
      for await (const chunk of decode(stored, summary.params, passphrase, { expected: summary.segments })) {
        decodeRss.sample();
        outputHash.update(chunk);
        outputBytes += chunk.length;
      }
      expect(outputBytes).toBe(TOTAL);
      expect(outputHash.digest('hex')).toBe(inputHash.digest('hex'));
      const decodeGrowth = decodeRss.peakGrowth();
      expect(decodeGrowth, `decode RSS growth ${(decodeGrowth / MiB).toFixed(1)} MiB`).toBeLessThan(
        GROWTH_LIMIT,
      );
      process.stdout.write(
        `${compression}+${encryption}: encode RSS +${(encodeGrowth / MiB).toFixed(1)} MiB, decode RSS +${(decodeGrowth / MiB).toFixed(1)} MiB, stored ${(summary.storedBytes / MiB).toFixed(1)} MiB\n`,
      );
    });
  });
}
