import { decode, verify } from '@freezer/codec';
import type { BackupStorage } from '@freezer/storage';
import { finished, spawnTool } from '../../child-process.js';
import { AgentError } from '../../errors.js';
import { Progress } from '../../progress.js';
import { dataPath } from '../../repository/layout.js';
import { readLevels, type StoredLevel } from '../../repository/point-reader.js';
import type { EngineRestoreJob, RestoreOutcome } from '../engine.js';
import { abandonRestoreTarget, checkRestoreTarget, createRestoreTarget } from '../restore-target.js';
import { PathGuard } from './path-guard.js';
import { tarCommand, tarExtractArgs } from './tar-commands.js';
import { TarScanner } from './tar-scanner.js';

/**
 * Restores a tar-engine chain. Corrupt, missing or tampered data and a wrong key never leave anything
 * behind: into a directory that was empty, each stored byte is read once, checked (segment hashes, GCM
 * tags) as it is decoded, and a failure empties the directory again; where that cannot be undone (an
 * --overwrite into a non-empty directory, a database dump) every level is verified before anything is
 * written, and then read a second time.
 */
export async function tarRestore(job: EngineRestoreJob): Promise<RestoreOutcome> {
  const { storage, points, passphrase, log } = job;
  const levels = await readLevels(storage, points, passphrase);
  const verifyAll = async (): Promise<void> => {
    for (const level of levels) await verifyLevel(storage, level, passphrase, log);
  };

  // A database dump goes to its mode's restorer, not to tar.
  const first = levels[0] as StoredLevel;
  const open = async function* (): AsyncGenerator<Uint8Array> {
    await verifyAll();
    yield* decode(storage.getSegmented(dataPath(first.point)), first.params, passphrase);
  };
  const dumped = await job.restoreDump(first.record, open);
  if (dumped) return { points, ...dumped };

  const target = await checkRestoreTarget(job.target as string, job.overwrite);
  if (job.dryRun || !target.wasEmpty) await verifyAll();
  if (job.dryRun) {
    log.info(`dry run: verified ${levels.length} level(s); nothing written to ${target.path}`);
    return { points, bytesRestored: 0, files: 0 };
  }
  await createRestoreTarget(target);

  const guard = new PathGuard();
  let bytesRestored = 0;
  let files = 0;
  try {
    for (const level of levels) {
      log.info(`restoring level ${level.point.level}_${level.point.timestamp} into ${target.path}`);
      const progress = new Progress(
        job.progress,
        'restore',
        `restore level ${level.point.level}`,
        level.record.bytes_read,
      );
      await extractLevel(storage, level, passphrase, target.path, guard, (bytes, members) => {
        bytesRestored += bytes;
        files += members;
        progress.add(bytes, members);
      });
      progress.done();
    }
  } catch (err) {
    // Leave no partial tree behind in a directory that was empty before.
    await abandonRestoreTarget(target);
    throw err;
  }
  return { points, bytesRestored, files };
}

function levelName(level: StoredLevel): string {
  return `level ${level.point.level}_${level.point.timestamp}`;
}

/** A codec failure as the one line the operator sees: which level, and that nothing is left behind. */
function unrestored(level: StoredLevel, err: unknown): AgentError {
  if (err instanceof AgentError) return err;
  return new AgentError(
    `${levelName(level)}: ${err instanceof Error ? err.message : String(err)}; nothing was restored`,
  );
}

async function verifyLevel(
  storage: BackupStorage,
  level: StoredLevel,
  passphrase: Uint8Array | undefined,
  log: EngineRestoreJob['log'],
): Promise<void> {
  log.info(`verifying ${levelName(level)}`);
  try {
    const stored = storage.getSegmented(dataPath(level.point));
    if (level.record.segments) {
      await verify(stored, level.params, level.record.segments, passphrase, { decompress: false });
    } else {
      // Stock backups record no hashes: a full decrypt + decompress is the only check there is.
      for await (const chunk of decode(stored, level.params, passphrase)) void chunk;
    }
  } catch (err) {
    throw unrestored(level, err);
  }
}

async function extractLevel(
  storage: BackupStorage,
  level: StoredLevel,
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
  const expected = level.record.segments ? { expected: level.record.segments } : {};
  // Lent chunks: each is freed when the next is pulled, so every write must be complete by then.
  const decoded = decode(storage.getSegmented(dataPath(level.point)), level.params, passphrase, {
    ...expected,
    lend: true,
    freeSource: true,
  });
  try {
    for await (const chunk of decoded) {
      scanner.push(chunk);
      onChunk(chunk.length, members);
      members = 0;
      if (stdinError) break;
      await writeOrClose(stdin, chunk);
    }
    stdin.end();
  } catch (err) {
    child.kill('SIGKILL');
    await done.catch(() => undefined);
    throw unrestored(level, err);
  }
  const result = await done;
  if (result.code !== 0) {
    const last = result.stderr.trim().split('\n').at(-1) ?? '';
    throw new AgentError(
      `tar failed extracting level ${level.point.level}_${level.point.timestamp} (exit ${result.code}): ${last}`,
    );
  }
}

/**
 * Resolves once `chunk` is written (tar read it from the pipe), or the stream failed or went away; a
 * failure is reported by the stream's 'error' listener. No listeners are left behind.
 */
function writeOrClose(stream: NodeJS.WritableStream, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('close', done);
      resolve();
    };
    stream.on('close', done);
    stream.write(chunk, done);
  });
}
