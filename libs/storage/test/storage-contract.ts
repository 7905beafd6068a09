import { expect, it } from 'vitest';
import { StorageError, type BackupStorage } from '../src/index.js';
import { failingAfter, fromArray, makeSegments, readAll, sha256 } from './helpers.js';

/**
 * The behaviour every driver shares; each driver test file runs it against its real server.
 * `segmentSize` must satisfy the backend (S3 needs >= 5 MiB for every part but the last).
 */
export function storageContract(
  getStorage: () => BackupStorage,
  opts: { segmentSize: number; prefix: string },
): void {
  const base = opts.prefix;

  it('stores and reads back small objects, overwriting atomically', async () => {
    const s = getStorage();
    await s.putObject(`${base}/obj/metadata`, new TextEncoder().encode('{"a":1}'));
    expect(new TextDecoder().decode(await s.getObject(`${base}/obj/metadata`))).toBe('{"a":1}');
    await s.putObject(`${base}/obj/metadata`, new TextEncoder().encode('{"a":2}'));
    expect(new TextDecoder().decode(await s.getObject(`${base}/obj/metadata`))).toBe('{"a":2}');
    expect(await s.list(`${base}/obj`)).toEqual([{ path: `${base}/obj/metadata`, size: 7 }]);
  });

  it('reports a missing object as not-found', async () => {
    const s = getStorage();
    const err = await s.getObject(`${base}/nope/metadata`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('not-found');
    const err2 = await readAll(s.getSegmented(`${base}/nope/data`)).catch((e: unknown) => e);
    expect((err2 as StorageError).code).toBe('not-found');
  });

  it('round-trips segmented data byte for byte', async () => {
    const s = getStorage();
    const segs = makeSegments(3, opts.segmentSize);
    segs.push(makeSegments(1, 1234)[0]!);
    const res = await s.putSegmented(`${base}/seg/0_100/data`, fromArray(segs));
    expect(res).toEqual({ bytes: 3 * opts.segmentSize + 1234, segments: 4 });
    expect(sha256(await readAll(s.getSegmented(`${base}/seg/0_100/data`)))).toBe(sha256(segs));
    expect(await s.list(`${base}/seg`)).toEqual([
      { path: `${base}/seg/0_100/data`, size: 3 * opts.segmentSize + 1234 },
    ]);
  });

  it('reads byte ranges of segmented data across segment boundaries, clamped at the end', async () => {
    const s = getStorage();
    const segs = makeSegments(3, opts.segmentSize);
    segs.push(makeSegments(1, 1234)[0]!);
    const all = Buffer.concat(segs);
    await s.putSegmented(`${base}/range/0_100/data`, fromArray(segs));
    const path = `${base}/range/0_100/data`;
    const cases: [number, number][] = [
      [0, 10],
      [opts.segmentSize - 5, opts.segmentSize + 7],
      [opts.segmentSize + 3, 3 * opts.segmentSize + 100],
      [all.length - 10, all.length + 500],
      [17, 17],
    ];
    for (const [start, end] of cases) {
      const got = Buffer.from(await s.readRange(path, start, end));
      expect(got.equals(all.subarray(start, Math.min(end, all.length)))).toBe(true);
    }
    expect((await s.readRange(path, all.length + 1, all.length + 9)).length).toBe(0);
    const small = new TextEncoder().encode('0123456789');
    await s.putObject(`${base}/range/obj`, small);
    expect(new TextDecoder().decode(await s.readRange(`${base}/range/obj`, 2, 5))).toBe('234');
    const missing = await s.readRange(`${base}/range/nope`, 0, 4).catch((e: unknown) => e);
    expect((missing as StorageError).code).toBe('not-found');
    const bad = await s.readRange(path, 5, 2).catch((e: unknown) => e);
    expect((bad as StorageError).code).toBe('config');
  });

  it('stores an empty stream as an empty object', async () => {
    const s = getStorage();
    const res = await s.putSegmented(`${base}/empty/data`, fromArray([]));
    expect(res).toEqual({ bytes: 0, segments: 0 });
    expect(
      (await readAll(s.getSegmented(`${base}/empty/data`))).length === 0 ||
        sha256(await readAll(s.getSegmented(`${base}/empty/data`))) === sha256([]),
    ).toBe(true);
    expect(await s.list(`${base}/empty`)).toEqual([{ path: `${base}/empty/data`, size: 0 }]);
  });

  it('shows nothing while an upload is in flight and nothing after it fails', async () => {
    const s = getStorage();
    const segs = makeSegments(3, opts.segmentSize);
    let seenDuring: unknown[] | undefined;
    async function* observing(): AsyncIterable<Uint8Array> {
      yield segs[0]!;
      yield segs[1]!;
      seenDuring = await s.list(`${base}/partial`);
      throw new Error('producer failed');
    }
    await expect(s.putSegmented(`${base}/partial/1_200/data`, observing())).rejects.toThrow(
      'producer failed',
    );
    expect(seenDuring).toEqual([]);
    expect(await s.list(`${base}/partial`)).toEqual([]);
    await expect(s.putSegmented(`${base}/partial/1_201/data`, failingAfter(segs, 0))).rejects.toThrow(
      'producer failed',
    );
    expect(await s.list(`${base}/partial`)).toEqual([]);
  });

  it('lists recursively with path semantics and removes a whole prefix', async () => {
    const s = getStorage();
    const one = new Uint8Array([1]);
    await s.putObject(`${base}/tree/a/1`, one);
    await s.putObject(`${base}/tree/a/b/2`, one);
    await s.putObject(`${base}/tree/ab/3`, one);
    expect((await s.list(`${base}/tree/a`)).map((e) => e.path)).toEqual([
      `${base}/tree/a/1`,
      `${base}/tree/a/b/2`,
    ]);
    expect((await s.list(`${base}/tree/a/1`)).map((e) => e.path)).toEqual([`${base}/tree/a/1`]);
    await s.remove(`${base}/tree/a`);
    expect((await s.list(`${base}/tree`)).map((e) => e.path)).toEqual([`${base}/tree/ab/3`]);
    await s.remove(`${base}/tree/does-not-exist`);
    await s.remove(`${base}/tree`);
    expect(await s.list(`${base}/tree`)).toEqual([]);
  });

  it('rejects paths that escape the container', async () => {
    const s = getStorage();
    const err = await s.putObject('../outside', new Uint8Array([1])).catch((e: unknown) => e);
    expect((err as StorageError).code).toBe('config');
  });
}
