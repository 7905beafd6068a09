import { basename, dirname, join } from 'node:path';
import { encode, layoutFor } from '@freezer/codec';
import type { BackupStorage } from '@freezer/storage';
import { AgentError } from '../../errors.js';
import { measureTree, Progress } from '../../progress.js';
import { decodeRecord, streamParamsOf } from '../../repository/backup-record.js';
import { engineMetadataPath, metadataPath, type PointId } from '../../repository/layout.js';
import type { PointContext, StoredPoint } from '../../repository/point-writer.js';
import type { EngineBackupJob } from '../engine.js';
import { emptyStats, rsyncBackupStream } from './backup-stream.js';
import { fetchDecodedFile, storeEncodedFile } from './codec-files.js';
import { DataOut } from './data-out.js';
import { ManifestWriter } from './manifest-writer.js';
import { ParentCursor } from './parent-cursor.js';
import { ParentManifest, type ParentLevel } from './parent-manifest.js';
import { RsyncCatalogCollector } from './rsync-catalog.js';
import type { RsyncRecord, RsyncRecordPart } from './rsync-record.js';

/**
 * `--engine rsync` backup of one point: a per-file data stream (changed files whole or as deltas against
 * the parent level) and a manifest of every path with block signatures as the engine metadata.
 */
export async function rsyncBackup(job: EngineBackupJob, ctx: PointContext): Promise<StoredPoint> {
  const { source } = job;
  if (source.kind !== 'path') throw new AgentError('the rsync engine backs up files, not a dump stream');
  const { point, log, work } = ctx;
  const root = source.directory ? source.path : dirname(source.path);
  const names = source.directory ? undefined : [Buffer.from(basename(source.path))];
  let manifest: ManifestWriter | undefined;
  let parent: ParentLevel | undefined;
  try {
    parent = ctx.parent ? await loadParent(ctx.storage, ctx.parent, ctx.passphrase, work) : undefined;
    manifest = await ManifestWriter.create(join(work, 'manifest'));
    const stats = emptyStats();
    const progress = new Progress(job.progress, 'backup', `backup level ${point.level}`);
    if (progress.enabled)
      void measureTree(source.path).then((total) => progress.expect(total.bytes, total.files));
    const chunksCopied = layoutFor(ctx.codec.compression, ctx.codec.encryption) === 'framed';
    const out = new DataOut(chunksCopied);
    const catalog = new RsyncCatalogCollector(
      () => out.position,
      join(work, 'catalog-draft.ndjson'),
      parent ? (parent.findsGone ? 'listed' : 'present') : 'none',
    );
    if (parent) parent.onGone = (entry) => catalog.gone(entry.path);
    const encoded = encode(
      rsyncBackupStream({
        root,
        names,
        level: point.level,
        parent,
        manifest,
        walk: {
          exclude: job.exclude,
          dereference: job.dereference,
          log,
          onWarning: () => stats.warnings++,
        },
        stats,
        onProgress: (bytes, files) => progress.add(bytes, files),
        catalog,
        chunksCopied,
        out,
      }),
      ctx.dataCodec,
    );
    try {
      await ctx.storeData(progress.countStored(encoded.segments));
    } finally {
      progress.done();
    }
    const summary = await encoded.summary;
    await manifest.finish();
    const manifestBytes = manifest.bytes;
    const stored = await storeEncodedFile(
      ctx.storage,
      engineMetadataPath(point),
      join(work, 'manifest'),
      // With the storage's segmentsHeld: the manifest's segments reuse one buffer as the data's do.
      ctx.dataCodec,
      ctx.dryRun,
    );
    const rsync: RsyncRecordPart = {
      manifest: {
        stream: stored.params,
        segments: stored.segments,
        bytes: manifestBytes,
        stored_bytes: stored.storedBytes,
      },
      whole_files: stats.wholeFiles,
      delta_files: stats.deltaFiles,
      unchanged_files: stats.unchangedFiles,
      literal_bytes: stats.literalBytes,
      copied_bytes: stats.copiedBytes,
    };
    const bytesStored = summary.storedBytes + stored.storedBytes;
    return {
      data: summary,
      recordPart: { rsync },
      bytesRead: stats.bytesRead,
      bytesStored,
      files: stats.files,
      catalog: catalog.finish(),
      doneMessage:
        `backup ${point.identity} level ${point.level} done: ${stats.files} files (${stats.wholeFiles} whole, ` +
        `${stats.deltaFiles} as deltas, ${stats.unchangedFiles} unchanged), ${stats.bytesRead} bytes read, ` +
        `${bytesStored} stored${stats.warnings ? `, ${stats.warnings} warnings` : ''}`,
    };
  } catch (err) {
    await manifest?.abandon();
    throw err;
  } finally {
    await parent?.close();
  }
}

/**
 * The parent level's manifest, checked and decoded into a local file, then read alongside the walk
 * (in the walk's order) or, if it is not in that order, indexed whole.
 */
async function loadParent(
  storage: BackupStorage,
  parent: PointId,
  passphrase: Uint8Array | undefined,
  work: string,
): Promise<ParentLevel> {
  const where = `${parent.level}_${parent.timestamp}`;
  const record: RsyncRecord = decodeRecord(await storage.getObject(metadataPath(parent)), where);
  if (!record.rsync) throw new AgentError(`level ${where} has no rsync manifest`);
  if (record.encryption && !passphrase)
    throw new AgentError(`the previous level ${where} is encrypted: give --encrypt-pass-file`);
  const file = join(work, 'parent-manifest');
  const params = streamParamsOf({ ...record, stream: record.rsync.manifest.stream }, where);
  await fetchDecodedFile(
    storage,
    engineMetadataPath(parent),
    params,
    record.rsync.manifest.segments,
    passphrase,
    file,
  );
  return (await ParentCursor.open(file)) ?? ParentManifest.load(file);
}
