import type { BackupStorage } from '@freezer/storage';
import { runBackup } from '../engines/run-backup.js';
import type { BackupOutcome } from '../repository/point-writer.js';
import { AgentError, oneLine } from '../errors.js';
import type { Logger } from '../logger.js';
import { prepareSource } from '../modes/prepare-source.js';
import { writeStockCloudPoint } from '../modes/stock-cloud-backup.js';
import type { AgentOptions } from '../agent-options.js';
import { runHook, type HookRun } from './commands.js';
import type { ProgressSink } from '../progress.js';

/**
 * One backup with its mode and hooks: --pre-command (a non-zero exit aborts before anything is
 * locked or read), the mode's consistent source, the backup, the source's release, and --post-command,
 * which runs whatever happened before (FREEZER_BACKUP_RESULT tells it). Every hook run is pushed to
 * `hooks` as it ends, so the caller can report them also when this throws.
 */
export async function backupWithHooks(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  progress: ProgressSink,
  hooks: HookRun[],
): Promise<BackupOutcome> {
  const env: Record<string, string> = {
    FREEZER_ACTION: 'backup',
    FREEZER_MODE: o.modes.mode,
    FREEZER_BACKUP_NAME: o.backupName ?? '',
    FREEZER_PATH_TO_BACKUP: o.pathToBackup ?? '',
  };
  let outcome: BackupOutcome | undefined;
  let failure: { error: unknown } | undefined;
  try {
    if (o.modes.preCommand) {
      const pre = await runHook('pre', o.modes.preCommand, log, env);
      hooks.push(pre);
      if (pre.exit_code !== 0)
        throw new AgentError(`--pre-command exited with ${pre.exit_code}: no backup was taken`);
    }
    outcome = await backupFromSource(o, storage, log, progress);
  } catch (error) {
    failure = { error };
  }
  if (o.modes.postCommand) {
    const result = failure ? 'fail' : 'success';
    try {
      const post = await runHook('post', o.modes.postCommand, log, { ...env, FREEZER_BACKUP_RESULT: result });
      hooks.push(post);
      // The backup is stored either way: a failing post hook is reported, it does not undo it.
      if (post.exit_code !== 0) log.warn(`--post-command exited with ${post.exit_code}`);
    } catch (error) {
      if (failure) log.error(oneLine(error));
      else failure = { error };
    }
  }
  if (failure) throw failure.error;
  return outcome as BackupOutcome;
}

async function backupFromSource(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  progress: ProgressSink,
): Promise<BackupOutcome> {
  const prepared = await prepareSource(o, log);
  let outcome: BackupOutcome;
  try {
    outcome = prepared.stockCloud
      ? await writeStockCloudPoint(o, storage, log, prepared, prepared.stockCloud)
      : await runBackup(o, storage, log, progress, prepared.source, prepared.verify);
  } catch (err) {
    await prepared.release().catch((cleanup: unknown) => log.error(oneLine(cleanup)));
    throw err;
  }
  // A snapshot that cannot be removed must not go unnoticed, even after a good backup.
  await prepared.release().catch((cleanup: unknown) => {
    throw new AgentError(`backup ${outcome.record.backup_uuid ?? ''} was stored, but: ${oneLine(cleanup)}`);
  });
  return outcome;
}
