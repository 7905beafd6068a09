import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decode, verify, type StreamParams } from '@freezer/codec';
import type { BackupStorage } from '@freezer/storage';
import { decodeRecord, streamParamsOf, type BackupRecord } from '../../repository/backup-record.js';
import { listChains, pointAt, restorePath } from '../../repository/catalog.js';
import { finished, spawnTool } from '../../child-process.js';
import { AgentError } from '../../errors.js';
import { dataPath, identityOf, metadataPath, type PointId } from '../../repository/layout.js';
import type { Logger } from '../../logger.js';
import { restoreDump } from '../../modes/restore-dump.js';
import type { AgentOptions } from '../../agent-options.js';
import { readPassphrase } from '../../passphrase.js';
import { runRsyncRestore } from '../rsync/rsync-restore.js';
import { PathGuard } from './path-guard.js';
import { Progress } from '../../progress.js';
import { isoSeconds } from '../../dates.js';
import { tarCommand, tarExtractArgs } from './tar-commands.js';
import { TarScanner } from './tar-scanner.js';

interface Level {
  point: PointId;
  record: BackupRecord;
  params: StreamParams;
}

export interface RestoreOutcome {
  points: PointId[];
  bytesRestored: number;
  files: number;
}

/**
 * Restores the chain up to --restore-from-date (or the newest point). Every level is verified first
 * (segment hashes, GCM tags, key check), so corrupt, missing or tampered data and a wrong key are
 * reported before anything is written to the target.
 */
export async function runRestore(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  tty: { isTTY?: boolean; write(s: string): unknown },
): Promise<RestoreOutcome> {
  const identity = identityOf(o.hostname, o.backupName as string);
  // Without --engine, the newest point of either engine.
  const chains = await listChains(storage, identity, o.engine);
  const found = pointAt(chains, o.restoreFromDate);
  if (!found) {
    const when = o.restoreFromDate !== undefined ? ` at or before ${isoSeconds(o.restoreFromDate)}` : '';
    throw new AgentError(`no backup of ${identity}${when} in ${storage.name}`);
  }
  const points = restorePath(found.chain, found.point);
  if (points.at(-1) !== found.point)
    throw new AgentError(
      `backup ${identity} ${found.point.level}_${found.point.timestamp}: a parent level is missing`,
    );
  if (found.point.engine === 'rsync') return runRsyncRestore(o, storage, log, tty, points);

  const passphrase = await readPassphrase(o.encryptPassFile);
  const levels: Level[] = [];
  for (const point of points) {
    const where = `${point.level}_${point.timestamp}`;
    const record = decodeRecord(await storage.getObject(metadataPath(point)), where);
    if (record.encryption && !passphrase)
      throw new AgentError(`level ${where} is encrypted: give --encrypt-pass-file`);
    levels.push({ point, record, params: streamParamsOf(record, where) });
  }

  for (const level of levels) {
    const where = `level ${level.point.level}_${level.point.timestamp}`;
    log.info(`verifying ${where}`);
    try {
      const stored = storage.getSegmented(dataPath(level.point));
      if (level.record.segments) {
        await verify(stored, level.params, level.record.segments, passphrase, { decompress: false });
      } else {
        // Stock backups record no hashes: a full decrypt + decompress is the only check there is.
        for await (const chunk of decode(stored, level.params, passphrase)) void chunk;
      }
    } catch (err) {
      throw new AgentError(
        `${where}: ${err instanceof Error ? err.message : String(err)}; nothing was restored`,
      );
    }
  }

  // A database dump goes to its mode's restorer, not to tar.
  const first = levels[0] as Level;
  const open = () => decode(storage.getSegmented(dataPath(first.point)), first.params, passphrase);
  const dumped = await restoreDump(o, first.record, open, log);
  if (dumped) return { points, ...dumped };

  const target = o.restoreAbsPath as string;
  const existing = await readdir(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw new AgentError(
      `restore directory ${target}: ${err.code === 'ENOTDIR' ? 'not a directory' : err.message}`,
    );
  });
  const wasEmpty = existing.length === 0;
  if (!wasEmpty && !o.overwrite) {
    throw new AgentError(`restore directory ${target} is not empty: use --overwrite or an empty directory`);
  }
  if (o.dryRun) {
    log.info(`dry run: verified ${levels.length} level(s); nothing written to ${target}`);
    return { points, bytesRestored: 0, files: 0 };
  }
  await mkdir(target, { recursive: true });

  const guard = new PathGuard();
  let bytesRestored = 0;
  let files = 0;
  try {
    for (const level of levels) {
      log.info(`restoring level ${level.point.level}_${level.point.timestamp} into ${target}`);
      const progress = new Progress(
        tty,
        `restore level ${level.point.level}`,
        level.record.bytes_read,
        o.quiet,
      );
      const result = await extractLevel(storage, level, passphrase, target, guard, (bytes, members) => {
        bytesRestored += bytes;
        files += members;
        progress.add(bytes, members);
      });
      progress.done();
      void result;
    }
  } catch (err) {
    // Leave no partial tree behind in a directory that was empty before.
    if (wasEmpty) await emptyDirectory(target);
    throw err;
  }
  return { points, bytesRestored, files };
}

async function extractLevel(
  storage: BackupStorage,
  level: Level,
  passphrase: Uint8Array | undefined,
  target: string,
  guard: PathGuard,
  onChunk: (bytes: number, members: number) => void,
): Promise<void> {
  const child = spawnTool(tarCommand(), tarExtractArgs(target), { stdin: 'pipe', stdout: 'ignore' });
  const done = finished(child, 'tar');
  const stdin = child.stdin;
  if (!stdin) throw new AgentError('tar: no input stream');
  let stdinError: Error | undefined;
  stdin.on('error', (err) => (stdinError = err));
  let members = 0;
  const scanner = new TarScanner((member) => {
    guard.check(member);
    members++;
  });
  try {
    for await (const chunk of decode(storage.getSegmented(dataPath(level.point)), level.params, passphrase)) {
      scanner.push(chunk);
      onChunk(chunk.length, members);
      members = 0;
      if (stdinError) break;
      if (!stdin.write(chunk)) await drainOrClose(stdin);
    }
    stdin.end();
  } catch (err) {
    child.kill('SIGKILL');
    await done.catch(() => undefined);
    throw err;
  }
  const result = await done;
  if (result.code !== 0) {
    const last = result.stderr.trim().split('\n').at(-1) ?? '';
    throw new AgentError(
      `tar failed extracting level ${level.point.level}_${level.point.timestamp} (exit ${result.code}): ${last}`,
    );
  }
}

async function emptyDirectory(dir: string): Promise<void> {
  for (const entry of await readdir(dir)) await rm(join(dir, entry), { recursive: true, force: true });
}

/** Waits until tar can take more input (or went away), without leaving listeners behind. */
function drainOrClose(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
