import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { encode, isSealed, openSmall, sealSmall, type EncodeSummary } from '@freezer/codec';
import type { BackupStorage } from '@freezer/storage';
import { commonRecordFields, encodeRecord, type BackupRecord } from '../../repository/backup-record.js';
import { listChains } from '../../repository/catalog.js';
import { finished, spawnTool } from '../../child-process.js';
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
import type { StreamInput } from '../../modes/mode.js';
import type { AgentOptions } from '../../agent-options.js';
import { readPassphrase } from '../../passphrase.js';
import { runRsyncBackup } from '../rsync/rsync-backup.js';
import { Progress } from '../../progress.js';
import { tarCommand, tarCreateArgs } from './tar-commands.js';
import { tarSource, type TarSourceStats } from './tar-source.js';

export interface BackupOutcome {
  point: PointId;
  record: BackupRecord;
  reason: string;
  dryRun: boolean;
}

export async function runBackup(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  tty: { isTTY?: boolean; write(s: string): unknown },
  from: {
    /** A database mode's dump, stored instead of a tar archive of --path-to-backup (always level 0). */
    dump?: StreamInput;
    /** Runs once the data is stored, before the point is committed; a throw discards the backup. */
    beforeCommit?: () => Promise<void>;
  } = {},
): Promise<BackupOutcome> {
  const { dump } = from;
  if (o.engine === 'rsync' && !dump) return runRsyncBackup(o, storage, log, tty, from.beforeCommit);
  const source = o.pathToBackup ?? '.';
  const sourceStat = dump ? undefined : await stat(source).catch(() => undefined);
  if (!sourceStat && !dump) throw new AgentError(`--path-to-backup ${source}: no such file or directory`);
  const cwd = sourceStat?.isDirectory() ? source : dirname(source);
  const member = sourceStat?.isDirectory() ? '.' : basename(source);

  const identity = identityOf(o.hostname, o.backupName as string);
  const chains = await listChains(storage, identity, 'tar');
  const startedMs = Date.now();
  const decision = chooseLevel(
    chains,
    dump ? { ...o, noIncremental: true } : o,
    Math.floor(startedMs / 1000),
  );
  const timestamp = nextTimestamp(chains, Math.floor(startedMs / 1000));
  const point: PointId = {
    identity,
    level: decision.level,
    timestamp,
    levelZeroTs: decision.parent?.levelZeroTs ?? timestamp,
  };
  log.info(`backup ${identity}: level ${point.level} (${decision.reason}) to ${storage.name}`);

  const passphrase = await readPassphrase(o.encryptPassFile);
  const work = await mkdtemp(join(tmpdir(), 'freezer-agent-'));
  const snapshotFile = join(work, 'engine_meta');
  let tar: ChildProcess | undefined;
  try {
    if (decision.parent) {
      let snapshot = await storage.getObject(engineMetadataPath(decision.parent));
      if (isSealed(snapshot)) {
        if (!passphrase)
          throw new AgentError("the previous level's snapshot is encrypted: give --encrypt-pass-file");
        snapshot = await openSmall(snapshot, passphrase);
      }
      await writeFile(snapshotFile, snapshot);
    }
    if (dump) await writeFile(snapshotFile, new Uint8Array(0));
    const child = (tar = dump
      ? undefined
      : spawnTool(
          tarCommand(),
          tarCreateArgs({ snapshotFile, exclude: o.exclude, dereference: o.dereference, member }),
          {
            cwd,
            stdin: 'ignore',
            stdout: 'pipe',
          },
        ));
    const tarDone = child && finished(child, 'tar');
    const stats: TarSourceStats = { bytes: 0, members: 0, files: 0, warnings: 0 };
    const progress = new Progress(tty, `backup level ${point.level}`, undefined, o.quiet);
    const encoded = encode(
      child && tarDone
        ? tarSource(child, tarDone, stats, log, (bytes, files) => progress.add(bytes, files))
        : countDump(dump as StreamInput, stats, (bytes, files) => progress.add(bytes, files)),
      {
        compression: o.compression,
        compressionLevel: o.compressionLevel,
        encryption: o.encryption,
        passphrase,
        segmentSize: o.maxSegmentSize,
      },
    );
    let summary: EncodeSummary;
    try {
      if (o.dryRun) {
        for await (const segment of encoded.segments) void segment;
      } else {
        await storage.putSegmented(dataPath(point), encoded.segments);
      }
      summary = await encoded.summary;
    } finally {
      progress.done();
    }

    let snapshot: Uint8Array = new Uint8Array(await readFile(snapshotFile));
    const snapshotHash = createHash('sha256').update(snapshot).digest('hex');
    const sealSnapshot = o.encryption === 'aes-256-gcm' && passphrase !== undefined;
    if (sealSnapshot) snapshot = await sealSmall(snapshot, passphrase as Uint8Array);
    const endedMs = Date.now();
    const record: BackupRecord = {
      engine_name: 'tar',
      ...commonRecordFields(o, point, summary, startedMs, endedMs),
      data_format: dump ? dump.format : 'tar',
      ...(dump ? { data_source: dump.describe } : {}),
      engine_metadata: { sealed: sealSnapshot, bytes: snapshot.length, sha256: snapshotHash },
      bytes_read: summary.rawBytes,
      bytes_stored: summary.storedBytes,
      files: stats.files,
    };
    await from.beforeCommit?.();
    if (!o.dryRun) {
      await storage.putObject(engineMetadataPath(point), snapshot);
      // Written last: until it exists the point is not listed, so an interrupted backup never counts.
      await storage.putObject(metadataPath(point), encodeRecord(record));
    }
    log.info(
      `backup ${identity} level ${point.level} done: ${stats.files} files, ${summary.rawBytes} bytes read, ` +
        `${summary.storedBytes} stored in ${summary.segments.length} segments${stats.warnings ? `, ${stats.warnings} tar warnings` : ''}`,
    );
    return { point, record, reason: decision.reason, dryRun: o.dryRun };
  } catch (err) {
    // An encoder or storage failure may leave tar blocked on a full pipe: it must not keep us alive.
    if (tar && tar.exitCode === null) tar.kill('SIGKILL');
    if (!o.dryRun) {
      await storage.remove(pointMetadataPrefix(point)).catch(() => undefined);
      await storage.remove(pointDataPrefix(point)).catch(() => undefined);
    }
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true });
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
