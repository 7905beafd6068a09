import { rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openMultipleStorage,
  openStorage,
  StorageError,
  type BackupStorage,
  type SegmentedWriteResult,
} from '../src/index.js';
import { fromArray, makeSegments, readAll, sha256, tempDir } from './helpers.js';

/** Counts how far a real storage has consumed its segment stream. */
class CountingStorage {
  consumed = 0;
  constructor(readonly inner: BackupStorage) {}
  wrap(): BackupStorage {
    const count = (): void => {
      this.consumed += 1;
    };
    const inner = this.inner;
    return Object.assign(Object.create(inner) as BackupStorage, {
      putSegmented(path: string, segs: AsyncIterable<Uint8Array>): Promise<SegmentedWriteResult> {
        return inner.putSegmented(
          path,
          (async function* () {
            for await (const s of segs) {
              yield s;
              count();
            }
          })(),
        );
      },
    });
  }
}

describe('multiple storage over local folders', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('multi');
  });
  afterAll(async () => {
    await dir.cleanup();
  });

  it('writes identical copies everywhere and reads from any', async () => {
    const a = await openStorage({ type: 'local', container: `${dir.path}/a` });
    const b = await openStorage({ type: 'local', container: `${dir.path}/b` });
    const multi = openMultipleStorage([
      { name: 'first', storage: a },
      { name: 'second', storage: b },
    ]);
    const segs = makeSegments(5, 100_000);
    expect(await multi.putSegmented('d/0_1/data', fromArray(segs))).toEqual({ bytes: 500_000, segments: 5 });
    await multi.putObject('m/0_1/metadata', new Uint8Array([7]));
    for (const s of [a, b]) {
      expect(sha256(await readAll(s.getSegmented('d/0_1/data')))).toBe(sha256(segs));
      expect(await s.getObject('m/0_1/metadata')).toEqual(new Uint8Array([7]));
    }
    // a copy lost on the first storage is still restored from the second
    await a.remove('d');
    expect(sha256(await readAll(multi.getSegmented('d/0_1/data')))).toBe(sha256(segs));
    expect((await multi.list('')).map((e) => e.path)).toEqual(['d/0_1/data', 'm/0_1/metadata']);
    await multi.remove('');
    expect(await b.list('')).toEqual([]);
  });

  it('lets the slowest storage set the pace with at most two segments buffered for it', async () => {
    const fast = await openStorage({ type: 'local', container: `${dir.path}/fast` });
    const slowInner = await openStorage(
      { type: 'local', container: `${dir.path}/slow` },
      { uploadBytesPerSec: 2 * 1024 * 1024 },
    );
    const slow = new CountingStorage(slowInner);
    const multi = openMultipleStorage([
      { name: 'fast', storage: fast },
      { name: 'slow', storage: slow.wrap() },
    ]);
    let pulled = 0;
    let maxAhead = 0;
    const segs = makeSegments(12, 128 * 1024);
    async function* source(): AsyncIterable<Uint8Array> {
      for (const s of segs) {
        pulled += 1;
        maxAhead = Math.max(maxAhead, pulled - slow.consumed);
        yield s;
      }
    }
    await multi.putSegmented('bp/data', source());
    expect(pulled).toBe(12);
    expect(slow.consumed).toBe(12);
    // one in the slow driver, one queued, one being handed over
    expect(maxAhead).toBeLessThanOrEqual(3);
  });

  it('fails as a whole, naming the broken storage, and leaves nothing complete elsewhere', async () => {
    const good = await openStorage({ type: 'local', container: `${dir.path}/good` });
    const broken = await openStorage({ type: 'local', container: `${dir.path}/broken` });
    // the folder disappears and a file takes its place: every write below it fails (ENOTDIR)
    await rm(`${dir.path}/broken`, { recursive: true });
    await writeFile(`${dir.path}/broken`, 'not a folder');
    const multi = openMultipleStorage([
      { name: 'good', storage: good },
      { name: 'offsite', storage: broken },
    ]);
    const err = await multi
      .putSegmented('x/0_1/data', fromArray(makeSegments(6, 50_000)))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).toMatch(/^storage 'offsite': /);
    expect(await good.list('x')).toEqual([]);
    const err2 = await multi.putObject('x/0_1/metadata', new Uint8Array([1])).catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/^storage 'offsite': /);
  });

  it('propagates a producer failure and removes every partial copy', async () => {
    const a = await openStorage({ type: 'local', container: `${dir.path}/pa` });
    const b = await openStorage({ type: 'local', container: `${dir.path}/pb` });
    const multi = openMultipleStorage([
      { name: 'a', storage: a },
      { name: 'b', storage: b },
    ]);
    async function* dying(): AsyncIterable<Uint8Array> {
      yield new Uint8Array(1000);
      throw new Error('tar exited with 2');
    }
    await expect(multi.putSegmented('y/data', dying())).rejects.toThrow('tar exited with 2');
    expect(await a.list('')).toEqual([]);
    expect(await b.list('')).toEqual([]);
  });
});
