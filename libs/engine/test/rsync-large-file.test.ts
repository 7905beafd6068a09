import { createCipheriv, createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, restoreCleanlyAt } from './run-cli.js';

// A 500 MiB file through `--engine rsync` on disk, end to end through the CLI. Three changes, each a
// level 1 on the same level 0 (--always-level 1): (a) bytes changed in place, (c) data appended, (b) 1 KiB
// inserted at the start (every block shifts). Each level 1 must store within 2x of the changed bytes
// plus the signature overhead, and every point must restore byte-identical by date. The content is
// AES-CTR noise (deterministic, incompressible), so --compression none measures the algorithm alone.

const SIZE = 500 * 1024 * 1024;
const MiB = 1024 * 1024;
const PIECE = 4 * MiB;

function noise(seed: number, offset: number, length: number): Buffer {
  const key = createHash('sha256').update(`rsync-large-${seed}`).digest();
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64BE(BigInt(offset / 16), 8);
  return createCipheriv('aes-256-ctr', key, iv).update(Buffer.alloc(length));
}

async function writeRange(
  path: string,
  at: number,
  seed: number,
  from: number,
  length: number,
  flags = 'r+',
): Promise<void> {
  const handle = await open(path, flags);
  try {
    for (let done = 0; done < length; done += PIECE) {
      const n = Math.min(PIECE, length - done);
      await handle.write(noise(seed, from + done, n), 0, n, at + done);
    }
  } finally {
    await handle.close();
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: PIECE })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface Point {
  name: string;
  timestamp: number;
  sha256: string;
  changed: number;
  stored: number;
}

describe('--engine rsync: one 500 MiB file, level 1 after each kind of change', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fz-rsync-large-'));
  const src = join(dir, 'src');
  const file = join(src, 'disk.img');
  const common = [
    '-C',
    join(dir, 'repo'),
    '--hostname',
    'h',
    '-N',
    'big',
    '--engine',
    'rsync',
    '--compression',
    'none',
  ];
  const points: Point[] = [];

  async function backup(name: string, changed: number): Promise<void> {
    const sha256 = await sha256Of(file);
    const r = await runCli([
      '--action',
      'backup',
      '-F',
      src,
      '--always-level',
      '1',
      '--metadata-out',
      '-',
      ...common,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout) as { curr_backup_level: number; time_stamp: number; bytes_stored: number };
    expect(m.curr_backup_level).toBe(points.length === 0 ? 0 : 1);
    points.push({ name, timestamp: m.time_stamp, sha256, changed, stored: m.bytes_stored });
    console.log(`${name}: ${m.bytes_stored} bytes stored for ${changed} changed`);
  }

  beforeAll(async () => {
    mkdirSync(src);
    await writeRange(file, 0, 1, 0, SIZE, 'w');
    await backup('level 0', SIZE);
    // (a) 2 x 4 MiB overwritten in place at unaligned offsets.
    await writeRange(file, 100_000_003, 2, 0, 4 * MiB);
    await writeRange(file, 300_000_007, 3, 0, 4 * MiB);
    await backup('(a) in place', 8 * MiB);
    // Back to the level-0 content (the keystream is addressed in 16-byte steps: rewrite aligned spans).
    await writeRange(file, 100_000_000, 1, 100_000_000, 4 * MiB + 16);
    await writeRange(file, 300_000_000, 1, 300_000_000, 4 * MiB + 16);
    // (c) 8 MiB appended.
    await writeRange(file, SIZE, 4, 0, 8 * MiB);
    await backup('(c) appended', 8 * MiB);
    // (b) 1 KiB inserted at the start: the whole file shifts by 1024 bytes.
    const handle = await open(file, 'r+');
    await handle.truncate(SIZE);
    await handle.close();
    const shifted = join(src, 'disk.new');
    await writeRange(shifted, 0, 5, 0, 1024, 'w');
    await writeRange(shifted, 1024, 1, 0, SIZE);
    renameSync(shifted, file);
    await backup('(b) 1 KiB inserted at the start', 1024);
  }, 600_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('each level 1 stores within 2x of its changed bytes plus the signature overhead', () => {
    // 500 MiB at 16 KiB blocks: 32000 signature records of 21 bytes, stored in every level's manifest.
    const signature = 21 * (SIZE / (16 * 1024)) + 64;
    for (const p of points.slice(1))
      expect(p.stored).toBeLessThanOrEqual(2 * p.changed + signature + 16 * 1024);
    expect(points[0]?.stored).toBeGreaterThanOrEqual(SIZE);
  });

  for (let index = 0; index < 4; index++) {
    it(`restores point ${index} byte-identical by date`, async () => {
      const point = points[index] as Point;
      const out = join(dir, `out-${index}`);
      await restoreCleanlyAt(common, out, point.timestamp);
      expect(await sha256Of(join(out, 'disk.img'))).toBe(point.sha256);
      rmSync(out, { recursive: true, force: true });
    });
  }
});
