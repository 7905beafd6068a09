import { mergeAdminOutcomes, runAdmin } from '../repository/retention.js';
import { backupWithHooks } from '../hooks/backup-with-hooks.js';
import type { HookRun } from '../hooks/commands.js';
import { failedBackupReport } from '../hooks/failure-report.js';
import { collectInfo, formatInfoTable } from '../repository/info.js';
import type { Logger } from '../logger.js';
import { clearCatalogOut, writeMetadataOut } from './metadata-out.js';
import { openAgentStorage } from '../repository/open-storage.js';
import type { AgentOptions } from '../agent-options.js';
import { applyMaxPriority } from './priority.js';
import { type RestoreReport, runRestore } from '../engines/run-restore.js';
import { forEachCloudSource } from '../modes/cloud-sources.js';
import type { BackupOutcome } from '../repository/point-writer.js';
import { backupReport } from './run-report.js';
import type { AgentIO } from './agent-io.js';
import { openProgressFile, type ProgressSink } from '../progress.js';
import { runDrill } from './run-drill.js';
import { runCinderNative } from './run-cindernative.js';
import { isStockCloudRestore, restoreCloudPoint } from '../modes/stock-cloud-restore.js';
import { runCloudAdmin } from '../modes/stock-cloud-retention.js';

/** Dispatches backup / restore / info / admin against the storage the options name. */
export async function runAction(o: AgentOptions, log: Logger, io: AgentIO): Promise<void> {
  if (o.maxPriority) applyMaxPriority(log);
  if (o.modes.mode === 'cindernative') return runCinderNative(o, log, io);
  const progressFile = o.progress === 'json' && o.progressFile ? openProgressFile(o.progressFile) : undefined;
  const storage = await openAgentStorage(o).catch((err: unknown) => {
    progressFile?.close();
    throw err;
  });
  const progress: ProgressSink = {
    tty: io.stderr,
    quiet: o.quiet,
    format: o.progress,
    json: progressFile ?? io.stderr,
    action: o.action,
  };
  try {
    switch (o.action) {
      case 'backup': {
        const hooks: HookRun[] = [];
        const backupOne = (one: AgentOptions) => backupWithHooks(one, storage, log, progress, hooks);
        // A whole project (nova, glance) is one backup per source: the report is of the last one.
        const outcome = await forEachCloudSource(o, storage, log, backupOne)
          .then((all) => all.at(-1) as BackupOutcome)
          .catch((err: unknown) => {
            writeMetadataOut(o.metadataOut, failedBackupReport(o, err, hooks), io.stdout);
            throw err;
          });
        writeMetadataOut(o.metadataOut, backupReport(o, outcome, [storage.name], hooks), io.stdout);
        clearCatalogOut(o, outcome.catalog);
        return;
      }
      case 'restore': {
        const started = Date.now();
        const restoreAny = (one: AgentOptions) => runRestore(one, storage, log, progress);
        const restoreOne = (one: AgentOptions) =>
          isStockCloudRestore(one) ? restoreCloudPoint(one, storage, log, restoreAny) : restoreAny(one);
        const outcome = (await forEachCloudSource(o, storage, log, restoreOne)).at(-1) as RestoreReport;
        const last = outcome.points.at(-1);
        writeMetadataOut(
          o.metadataOut,
          {
            action: 'restore',
            result: 'success',
            hostname: o.hostname,
            backup_name: o.backupName,
            restore_abs_path: o.restoreAbsPath,
            curr_backup_level: last?.level,
            time_stamp: last?.timestamp,
            level_zero_timestamp: last?.levelZeroTs,
            levels_restored: outcome.points.length,
            bytes_restored: outcome.bytesRestored,
            files: outcome.files,
            ...(o.restorePaths.length > 0 ? { restore_paths: o.restorePaths } : {}),
            bytes_read_from_storage: outcome.storageBytesRead,
            duration_s: (Date.now() - started) / 1000,
            dry_run: o.dryRun,
          },
          io.stdout,
        );
        return;
      }
      case 'info': {
        const rows = await collectInfo(storage, {
          hostname: o.hostnameGiven ? o.hostname : undefined,
          backupName: o.backupName,
        });
        io.stdout.write(o.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : formatInfoTable(rows));
        return;
      }
      case 'admin': {
        // The cloud modes' points are in the stock agent's trees; ours of before in the tar engine's.
        const adminOne = async (one: AgentOptions) => {
          const legacy = await runAdmin(one, storage, log, io.stdout);
          if (!isStockCloudRestore(one)) return legacy;
          const cloud = await runCloudAdmin(one, storage, log, io.stdout);
          return mergeAdminOutcomes([legacy, cloud], o.dryRun);
        };
        const outcome = mergeAdminOutcomes(await forEachCloudSource(o, storage, log, adminOne), o.dryRun);
        writeMetadataOut(
          o.metadataOut,
          {
            action: 'admin',
            result: 'success',
            removed: outcome.removed.length,
            kept: outcome.kept.length,
            bytes_freed: outcome.bytesFreed,
            dry_run: o.dryRun,
          },
          io.stdout,
        );
        return;
      }
      case 'drill':
        return await runDrill(o, storage, log, io, progress);
      case 'exec':
        return; // handled by runAgent before a storage is opened
    }
  } finally {
    progressFile?.close();
    await storage.close();
  }
}
