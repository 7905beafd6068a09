import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { encode, isSealed, openSmall, sealSmall, type EncodeSummary } from '@freezer/codec';
import { finished, spawnTool } from '../../child-process.js';
import { AgentError } from '../../errors.js';
import type { StreamInput } from '../../modes/mode.js';
import { measureTree, Progress } from '../../progress.js';
import { engineMetadataPath } from '../../repository/layout.js';
import type { PointContext, StoredPoint } from '../../repository/point-writer.js';
import type { EngineBackupJob } from '../engine.js';
import { TarCatalogCollector } from './tar-catalog.js';
import { tarCommand, tarCreateArgs } from './tar-commands.js';
import { tarSource, type TarSourceStats } from './tar-source.js';

/** The tar engine's own record keys: the GNU tar snapshot stored beside the data. */
export type TarRecordPart = {
  data_format: string;
  data_source?: string;
  /** Sealed (AES-256-GCM) when the backup is. */
  engine_metadata: { sealed: boolean; bytes: number; sha256: string };
};

/**
 * One point as a GNU tar listed-incremental archive of the source (or a mode's dump stored as is), with
 * tar's snapshot file as the engine metadata that the next level builds on.
 */
export async function tarBackup(job: EngineBackupJob, ctx: PointContext): Promise<StoredPoint> {
  const { source } = job;
  const { point, passphrase, log } = ctx;
  const dump = source.kind === 'stream' ? source.input : undefined;
  const snapshotFile = join(ctx.work, 'engine_meta');
  let tar: ChildProcess | undefined;
  try {
    if (ctx.parent) {
      let snapshot = await ctx.storage.getObject(engineMetadataPath(ctx.parent));
      if (isSealed(snapshot)) {
        if (!passphrase)
          throw new AgentError("the previous level's snapshot is encrypted: give --encrypt-pass-file");
        snapshot = await openSmall(snapshot, passphrase);
      }
      await writeFile(snapshotFile, snapshot);
    }
    if (dump) await writeFile(snapshotFile, new Uint8Array(0));
    const child = (tar =
      source.kind === 'path'
        ? spawnTool(
            tarCommand(),
            tarCreateArgs({
              snapshotFile,
              exclude: job.exclude,
              dereference: job.dereference,
              member: source.directory ? '.' : basename(source.path),
            }),
            { cwd: source.directory ? source.path : dirname(source.path), stdin: 'ignore', stdout: 'pipe' },
          )
        : undefined);
    const tarDone = child && finished(child, 'tar');
    const stats: TarSourceStats = { bytes: 0, members: 0, files: 0, warnings: 0 };
    const catalog = child
      ? new TarCatalogCollector(join(ctx.work, 'catalog-draft.ndjson'), ctx.parent !== undefined)
      : undefined;
    const progress = new Progress(job.progress, 'backup', `backup level ${point.level}`);
    if (source.kind === 'path' && progress.enabled)
      void measureTree(source.path).then((total) => progress.expect(total.bytes, total.files));
    const encoded = encode(
      child && tarDone
        ? tarSource(child, tarDone, stats, log, (bytes, files) => progress.add(bytes, files), catalog)
        : countDump(dump as StreamInput, stats, (bytes, files) => progress.add(bytes, files)),
      ctx.dataCodec,
    );
    let summary: EncodeSummary;
    try {
      await ctx.storeData(progress.countStored(encoded.segments));
      summary = await encoded.summary;
    } finally {
      progress.done();
    }

    let snapshot: Uint8Array = new Uint8Array(await readFile(snapshotFile));
    const snapshotHash = createHash('sha256').update(snapshot).digest('hex');
    const sealSnapshot = ctx.codec.encryption === 'aes-256-gcm' && passphrase !== undefined;
    // The chain's scrypt salt: its key is already derived (cached) for the data, where a fresh salt
    // would run scrypt again (32 MiB) while the data's buffers are still resident.
    const salt = ctx.dataCodec.kdfSalt ? Buffer.from(ctx.dataCodec.kdfSalt, 'base64') : undefined;
    if (sealSnapshot) snapshot = await sealSmall(snapshot, passphrase, salt ? { salt } : {});
    const recordPart: TarRecordPart = {
      data_format: dump ? dump.format : 'tar',
      ...(dump ? { data_source: dump.describe } : {}),
      engine_metadata: { sealed: sealSnapshot, bytes: snapshot.length, sha256: snapshotHash },
    };
    return {
      data: summary,
      recordPart,
      bytesRead: summary.rawBytes,
      bytesStored: summary.storedBytes,
      files: stats.files,
      lastObjects: [{ path: engineMetadataPath(point), bytes: snapshot }],
      ...(catalog ? { catalog: catalog.finish(summary.rawBytes) } : {}),
      doneMessage:
        `backup ${point.identity} level ${point.level} done: ${stats.files} files, ${summary.rawBytes} bytes read, ` +
        `${summary.storedBytes} stored in ${summary.segments.length} segments${stats.warnings ? `, ${stats.warnings} tar warnings` : ''}`,
    };
  } catch (err) {
    // An encoder or storage failure may leave tar blocked on a full pipe: it must not keep us alive.
    if (tar && tar.exitCode === null) tar.kill('SIGKILL');
    throw err;
  }
}

/** A dump counts as one file; bytes are counted as they stream by. */
async function* countDump(
  dump: StreamInput,
  stats: TarSourceStats,
  onChunk: (bytes: number, files: number) => void,
): AsyncGenerator<Uint8Array> {
  stats.files = 1;
  stats.members = 1;
  let first = 1;
  for await (const chunk of dump.stream) {
    stats.bytes += chunk.length;
    onChunk(chunk.length, first);
    first = 0;
    yield chunk;
  }
}
