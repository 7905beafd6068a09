import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from '@freezer/codec';
import { openStorage, type BackupStorage } from '@freezer/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Logger } from '../src/logger.js';
import { listChains } from '../src/repository/catalog.js';
import { dataPath, metadataPath, type EngineName } from '../src/repository/layout.js';
import {
  writePoint,
  type PointContext,
  type PointSettings,
  type PointSource,
  type StoredPoint,
} from '../src/repository/point-writer.js';

/**
 * The point writer with a stand-in engine body (what a new engine would plug in): the writer alone
 * chooses levels, commits the metadata last and cleans up after a failure — for any engine.
 */
describe('the shared point writer', () => {
  let dir: string;
  let storage: BackupStorage;
  const log = new Logger();
  const settings = (engine: EngineName): PointSettings => ({
    engine,
    hostname: 'h',
    backupName: 'w',
    mode: 'fs',
    levels: { noIncremental: false },
    compression: 'none',
    encryption: 'none',
    maxSegmentSize: 1024 * 1024,
    dryRun: false,
  });
  const tree: PointSource = { kind: 'path', path: '/nowhere', directory: true };
  const seen: PointContext[] = [];
  const storeBytes =
    (text: string, after?: () => void) =>
    async (ctx: PointContext): Promise<StoredPoint> => {
      seen.push(ctx);
      const encoded = encode(
        (async function* () {
          yield new TextEncoder().encode(text);
        })(),
        ctx.codec,
      );
      await ctx.storeData(encoded.segments);
      const data = await encoded.summary;
      after?.();
      return {
        data,
        recordPart: { stand_in: true },
        bytesRead: text.length,
        bytesStored: data.storedBytes,
        files: 1,
        doneMessage: 'done',
      };
    };
  const objects = async (): Promise<string[]> => (await storage.list('')).map((e) => e.path).sort();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fz-point-writer-'));
    storage = await openStorage({ type: 'local', container: dir });
    seen.length = 0;
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('levels 0 then 1 on top of it, under the engine folder, each listed only once committed', async () => {
    const first = await writePoint(storage, settings('rsync'), tree, storeBytes('zero'), log);
    expect(first.point).toMatchObject({ level: 0, engine: 'rsync' });
    const second = await writePoint(storage, settings('rsync'), tree, storeBytes('one'), log);
    expect(second.point).toMatchObject({ level: 1, levelZeroTs: first.point.levelZeroTs, engine: 'rsync' });
    expect(seen[1]?.parent).toEqual(first.point);
    expect(second.record).toMatchObject({ engine_name: 'rsync', stand_in: true, level: 1, files: 1 });
    expect(await objects()).toEqual(
      [
        dataPath(first.point),
        metadataPath(first.point),
        dataPath(second.point),
        metadataPath(second.point),
      ].sort(),
    );
    // The other engine's chains are its own: a tar backup of the same name starts at level 0.
    const tar = await writePoint(storage, settings('tar'), tree, storeBytes('t'), log);
    expect(tar.point.level).toBe(0);
    expect(tar.point.engine).toBeUndefined();
  });

  it('a failing beforeCommit leaves nothing listed, no data and no work directory', async () => {
    await expect(
      writePoint(storage, settings('tar'), tree, storeBytes('data'), log, () =>
        Promise.reject(new Error('snapshot overflowed')),
      ),
    ).rejects.toThrow('snapshot overflowed');
    expect(await listChains(storage, 'h_w')).toEqual([]);
    expect(await objects()).toEqual([]);
    const work = seen[0]?.work as string;
    expect(readdirSync(tmpdir())).not.toContain(work.slice(tmpdir().length + 1));
  });

  it('an engine failing after storing data leaves nothing behind either', async () => {
    const failing = storeBytes('partial', () => {
      throw new Error('engine broke');
    });
    await expect(writePoint(storage, settings('tar'), tree, failing, log)).rejects.toThrow('engine broke');
    expect(await objects()).toEqual([]);
  });

  it('a dump stream is always a level 0, whatever the chain holds', async () => {
    await writePoint(storage, settings('tar'), tree, storeBytes('tree'), log);
    const dump: PointSource = {
      kind: 'stream',
      input: { format: 'sqlite-db', stream: (async function* () {})(), describe: 'db' },
    };
    const outcome = await writePoint(storage, settings('tar'), dump, storeBytes('dump'), log);
    expect(outcome.point.level).toBe(0);
    expect(outcome.reason).toBe('--no-incremental');
  });
});
