import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { encode, type EncodeOptions } from '@freezer/codec';
import type { BackupStorage } from '@freezer/storage';
import type { BackupOutcome } from '../tar/tar-backup.js';
import {
  commonRecordFields,
  decodeRecord,
  encodeRecord,
  streamParamsOf,
  type BackupRecord,
} from '../../repository/backup-record.js';
import { listChains } from '../../repository/catalog.js';
import { AgentError } from '../../errors.js';
import { chooseLevel, nextTimestamp } from '../../repository/levels.js';
import {
  dataPath,
  engineMetadataPath,
  identityOf,
  metadataPath,
  pointDataPrefix,
  pointMetadataPrefix,
  type PointId,
} from '../../repository/layout.js';
import type { Logger } from '../../logger.js';
import type { AgentOptions } from '../../agent-options.js';
import { readPassphrase } from '../../passphrase.js';
import { Progress } from '../../progress.js';
import { emptyStats, rsyncBackupStream } from './backup-stream.js';
import { fetchDecodedFile, storeEncodedFile } from './codec-files.js';
import { ManifestWriter } from './manifest-writer.js';
import { ParentManifest } from './parent-manifest.js';

/**
 * `--engine rsync` backup: the tar engine's levels, chains, codec and storages, with a per-file data
 * stream (changed files whole or as deltas against the parent level) and a manifest of every path with
 * block signatures as the engine metadata.
 */
export async function runRsyncBackup(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  tty: { isTTY?: boolean; write(s: string): unknown },
  /** Runs once the data is stored, before the point is committed; a throw discards the backup. */
  beforeCommit?: () => Promise<void>,
): Promise<BackupOutcome> {
  const source = o.pathToBackup ?? '.';
  const sourceStat = await stat(source).catch(() => undefined);
  if (!sourceStat) throw new AgentError(`--path-to-backup ${source}: no such file or directory`);
  const root = sourceStat.isDirectory() ? source : dirname(source);
  const names = sourceStat.isDirectory() ? undefined : [Buffer.from(basename(source))];

  const identity = identityOf(o.hostname, o.backupName as string);
  const chains = await listChains(storage, identity, 'rsync');
  const startedMs = Date.now();
  const decision = chooseLevel(chains, o, Math.floor(startedMs / 1000));
  const timestamp = nextTimestamp(chains, Math.floor(startedMs / 1000));
  const point: PointId = {
    identity,
    level: decision.level,
    timestamp,
    levelZeroTs: decision.parent?.levelZeroTs ?? timestamp,
    engine: 'rsync',
  };
  log.info(`backup ${identity} (rsync): level ${point.level} (${decision.reason}) to ${storage.name}`);

  const passphrase = await readPassphrase(o.encryptPassFile);
  const codec: EncodeOptions = {
    compression: o.compression,
    compressionLevel: o.compressionLevel,
    encryption: o.encryption,
    passphrase,
    segmentSize: o.maxSegmentSize,
  };
  const work = await mkdtemp(join(tmpdir(), 'freezer-rsync-'));
  let manifest: ManifestWriter | undefined;
  try {
    const parent = decision.parent ? await loadParent(storage, decision.parent, passphrase, work) : undefined;
    manifest = await ManifestWriter.create(join(work, 'manifest'));
    const stats = emptyStats();
    const progress = new Progress(tty, `backup level ${point.level}`, undefined, o.quiet);
    const encoded = encode(
      rsyncBackupStream({
        root,
        names,
        level: point.level,
        parent,
        manifest,
        walk: { exclude: o.exclude, dereference: o.dereference, log, onWarning: () => stats.warnings++ },
        stats,
        onProgress: (bytes, files) => progress.add(bytes, files),
      }),
      codec,
    );
    try {
      if (o.dryRun) for await (const segment of encoded.segments) void segment;
      else await storage.putSegmented(dataPath(point), encoded.segments);
    } finally {
      progress.done();
    }
    const summary = await encoded.summary;
    await manifest.finish();
    const manifestBytes = manifest.bytes;
    const stored = await storeEncodedFile(
      storage,
      engineMetadataPath(point),
      join(work, 'manifest'),
      codec,
      o.dryRun,
    );

    const endedMs = Date.now();
    const record: BackupRecord = {
      engine_name: 'rsync',
      ...commonRecordFields(o, point, summary, startedMs, endedMs),
      rsync: {
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
      },
      bytes_read: stats.bytesRead,
      bytes_stored: summary.storedBytes + stored.storedBytes,
      files: stats.files,
    };
    await beforeCommit?.();
    // Written last: until it exists the point is not listed, so an interrupted backup never counts.
    if (!o.dryRun) await storage.putObject(metadataPath(point), encodeRecord(record));
    log.info(
      `backup ${identity} level ${point.level} done: ${stats.files} files (${stats.wholeFiles} whole, ` +
        `${stats.deltaFiles} as deltas, ${stats.unchangedFiles} unchanged), ${stats.bytesRead} bytes read, ` +
        `${record.bytes_stored} stored${stats.warnings ? `, ${stats.warnings} warnings` : ''}`,
    );
    return { point, record, reason: decision.reason, dryRun: o.dryRun };
  } catch (err) {
    await manifest?.abandon();
    if (!o.dryRun) {
      await storage.remove(pointMetadataPrefix(point)).catch(() => undefined);
      await storage.remove(pointDataPrefix(point)).catch(() => undefined);
    }
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The parent level's manifest, checked and decoded into a local file, then indexed. */
async function loadParent(
  storage: BackupStorage,
  parent: PointId,
  passphrase: Uint8Array | undefined,
  work: string,
): Promise<ParentManifest> {
  const where = `${parent.level}_${parent.timestamp}`;
  const record = decodeRecord(await storage.getObject(metadataPath(parent)), where);
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
  return ParentManifest.load(file);
}
