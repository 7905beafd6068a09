import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type BackupStorage } from '../src/index.js';
import { failingAfter, fromArray, makeSegments, tempDir } from './helpers.js';
import { storageContract } from './storage-contract.js';

describe('local storage', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let storage: BackupStorage;
  beforeAll(async () => {
    dir = await tempDir('local');
    storage = await openStorage({ type: 'local', container: `${dir.path}/repo` });
  });
  afterAll(async () => {
    await storage.close();
    await dir.cleanup();
  });

  storageContract(() => storage, { segmentSize: 64 * 1024, prefix: 'data/tar/h1_b' });

  it('uses the stock layout: one plain file per object, no temporaries left behind', async () => {
    await storage.putSegmented(
      'data/tar/h1_x/1/0_1/data',
      (async function* () {
        yield new Uint8Array([1, 2]);
        yield new Uint8Array([3]);
      })(),
    );
    await expect(
      storage.putSegmented('data/tar/h1_x/1/1_2/data', failingAfter(makeSegments(2, 10), 1)),
    ).rejects.toThrow();
    expect(await readdir(`${dir.path}/repo/data/tar/h1_x/1/0_1`)).toEqual(['data']);
    expect(await readdir(`${dir.path}/repo/data/tar/h1_x/1/1_2`)).toEqual([]);
  });

  it("removes a killed run's temporaries of the same backup name when the next upload starts", async () => {
    const repo = `${dir.path}/repo/data/tar`;
    await mkdir(`${repo}/h1_k/5/0_5`, { recursive: true });
    await mkdir(`${repo}/h1_other/5/0_5`, { recursive: true });
    await writeFile(`${repo}/h1_k/5/0_5/data.partial-dead`, 'half a backup');
    await writeFile(`${repo}/h1_other/5/0_5/data.partial-busy`, 'another backup name, maybe running');
    await storage.putSegmented('data/tar/h1_k/6/0_6/data', fromArray(makeSegments(1, 10)));
    expect(await readdir(`${repo}/h1_k/5/0_5`)).toEqual([]);
    expect(await readdir(`${repo}/h1_k/6/0_6`)).toEqual(['data']);
    expect(await readdir(`${repo}/h1_other/5/0_5`)).toEqual(['data.partial-busy']);
  });
});
