import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compressibilityRuns } from '../src/incompressible.js';
import { decodeAll, encodeAll, wordData } from './helpers.js';
import { requireBinaries, sh } from './cli.js';

const KiB = 1024;

/** text ‖ random ‖ text ‖ random: the random stretches are stored, the text is deflated. */
function textAndRandom(): Buffer {
  return Buffer.concat([
    wordData(300 * KiB),
    randomBytes(1024 * KiB),
    wordData(200 * KiB),
    randomBytes(256 * KiB),
  ]);
}

describe('gzip blocks with random stretches', () => {
  it('finds the random stretches at 64 KiB granularity and keeps text compressible', () => {
    const data = textAndRandom();
    const runs = compressibilityRuns(data);
    const stored = runs.filter((r) => r.incompressible).reduce((sum, r) => sum + r.end - r.start, 0);
    // Chunks that straddle a text/random border stay compressible, so a little less than 1,280 KiB.
    expect(stored).toBeGreaterThan(1100 * KiB);
    expect(stored).toBeLessThanOrEqual(1280 * KiB);
    expect(runs.map((r) => r.incompressible)).toEqual([false, true, false, true]);
    // Runs tile the block exactly.
    expect(runs[0]?.start).toBe(0);
    expect(runs.at(-1)?.end).toBe(data.length);
    for (let i = 1; i < runs.length; i++) expect(runs[i]?.start).toBe(runs[i - 1]?.end);
    expect(compressibilityRuns(Buffer.alloc(0))).toEqual([{ start: 0, end: 0, incompressible: false }]);
    expect(compressibilityRuns(wordData(1024 * KiB)).every((r) => !r.incompressible)).toBe(true);
  });

  it('plain layout: GNU gzip and `tar -xz` (the stock restore) read the multi-member output', async () => {
    requireBinaries('gzip', 'tar');
    const data = textAndRandom();
    const { segments } = await encodeAll(data, {
      compression: 'gzip',
      encryption: 'none',
      segmentSize: 1 << 20,
      blockSize: 2 << 20,
    });
    const gz = Buffer.concat(segments);
    expect(sh('gzip -dc', gz).equals(data)).toBe(true);
    // One block, written as four gzip members (text, random, text, random): `gzip -t` checks each.
    sh('gzip -t', gz);
    // Stored stretches cost ~5 bytes per 16 KiB; the text still compresses several-fold.
    expect(gz.length).toBeGreaterThan(1280 * KiB);
    expect(gz.length).toBeLessThan(1280 * KiB + 250 * KiB);
  });

  it('a tar archive with a random file, gzip-encoded by us, extracts with `tar -xz`', async () => {
    requireBinaries('gzip', 'tar');
    const dir = sh('mktemp -d').toString().trim();
    try {
      sh(`mkdir ${dir}/src ${dir}/out && head -c 700000 /dev/urandom > ${dir}/src/random.bin`);
      sh(`cat > ${dir}/src/words.txt`, wordData(500 * KiB));
      const tarball = sh(`tar -c -C ${dir}/src .`);
      const { segments } = await encodeAll(tarball, {
        compression: 'gzip',
        encryption: 'none',
        segmentSize: 256 * KiB,
      });
      sh(`tar -xz -C ${dir}/out`, Buffer.concat(segments));
      sh(`diff -r ${dir}/src ${dir}/out`);
    } finally {
      sh(`rm -rf ${dir}`);
    }
  });

  it('framed layout round-trips the same data (members inside one record)', async () => {
    const data = textAndRandom();
    const encoded = await encodeAll(data, { compression: 'gzip', encryption: 'none', segmentSize: 1 << 20 });
    const back = await decodeAll(Buffer.concat(encoded.segments), encoded.summary.params);
    expect(back.equals(data)).toBe(true);
  });
});
