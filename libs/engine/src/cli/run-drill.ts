import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { DrillProbe, DrillReport } from '@freezer/schema';
import type { BackupStorage } from '@freezer/storage';
import type { AgentOptions } from '../agent-options.js';
import type { AgentIO } from './agent-io.js';
import { runExec } from './exec-command.js';
import { writeMetadataOut } from './metadata-out.js';
import type { DumpRestorer } from '../engines/engine.js';
import { runRestore, type RestoreReport } from '../engines/run-restore.js';
import { AgentError, oneLine } from '../errors.js';
import type { Logger } from '../logger.js';
import { readPassphrase } from '../passphrase.js';
import { listChains } from '../repository/catalog.js';
import { chainState } from '../repository/chain-catalog.js';
import { identityOf, type PointId } from '../repository/layout.js';
import { makeSandbox, sweepStaleSandboxes } from '../drill/sandbox.js';
import { verifyTree, type TreeCheck } from '../drill/verify-tree.js';
import type { ProgressSink } from '../progress.js';

/** The environment variable that gives the probe command the sandbox's path. */
export const SANDBOX_ENV = 'FREEZER_DRILL_SANDBOX';

const PROBE_TAIL = 4000;

/** A random point of the backup (--drill-sample random), as the date that restores exactly it. */
async function sampledDate(o: AgentOptions, storage: BackupStorage): Promise<number | undefined> {
  if (o.restoreFromDate !== undefined || o.drill.sample === 'newest') return o.restoreFromDate;
  const chains = await listChains(storage, identityOf(o.hostname, o.backupName as string), o.engine);
  const points = chains.flatMap((c) => c.points);
  return points[Math.floor(Math.random() * points.length)]?.timestamp;
}

/** A database dump is kept as one file in the sandbox, where a probe can load or inspect it. */
function keepDumpIn(sandbox: string, used: { dump: boolean }): DumpRestorer {
  return async (record, open) => {
    if (record.data_format === undefined || record.data_format === 'tar') return undefined;
    used.dump = true;
    const file = join(sandbox, `${record.mode ?? 'dump'}.${record.data_format}`);
    let bytesRestored = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of open()) {
        bytesRestored += chunk.length;
        yield chunk;
      }
    }
    await pipeline(Readable.from(counted()), createWriteStream(file, { mode: 0o600 }));
    return { bytesRestored, files: 1 };
  };
}

function pointFields(point: PointId | undefined): Partial<DrillReport> {
  if (!point) return {};
  return {
    time_stamp: point.timestamp,
    curr_backup_level: point.level,
    level_zero_timestamp: point.levelZeroTs,
    backup_uuid: `${point.identity}/${point.levelZeroTs}/${point.level}_${point.timestamp}`,
  };
}

function mismatchLine(check: TreeCheck): string {
  const first = check.mismatches[0];
  const what = first ? `${first.path}: ${first.field}` : '';
  return `${check.mismatchCount} of ${check.entriesChecked} restored entries do not match the catalog (first: ${what})`;
}

/**
 * --action drill: restores a point into a fresh sandbox under --drill-root, checks it against the
 * point's catalog, runs --drill-probe against it, reports (success or not) to --metadata-out and
 * removes the sandbox whatever happens. A failed drill exits 1 with its reason.
 */
export async function runDrill(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  io: AgentIO,
  progress: ProgressSink,
): Promise<void> {
  const started = Date.now();
  const report: DrillReport = {
    action: 'drill',
    result: 'fail',
    hostname: o.hostname,
    backup_name: o.backupName,
  };
  sweepStaleSandboxes(o.drill.root, log);
  const sandbox = makeSandbox(o.drill.root);
  log.info(`drill: restoring ${identityOf(o.hostname, o.backupName as string)} into ${sandbox.path}`);
  try {
    const date = await sampledDate(o, storage);
    const restoreOptions: AgentOptions = {
      ...o,
      action: 'restore',
      restoreAbsPath: sandbox.path,
      restoreFromDate: date,
      restorePaths: [],
      overwrite: true,
      dryRun: false,
    };
    const used = { dump: false };
    const restoreStarted = Date.now();
    let restored: RestoreReport;
    try {
      restored = await runRestore(restoreOptions, storage, log, progress, keepDumpIn(sandbox.path, used));
    } catch (err) {
      throw new AgentError(`restore failed: ${oneLine(err)}`);
    }
    const restoreSeconds = (Date.now() - restoreStarted) / 1000;
    Object.assign(report, pointFields(restored.points.at(-1)), {
      restore_seconds: restoreSeconds,
      bytes_restored: restored.bytesRestored,
      files: restored.files,
      rate_bps:
        restoreSeconds > 0 ? Math.round(restored.bytesRestored / restoreSeconds) : restored.bytesRestored,
    });
    log.info(`drill: restored ${restored.bytesRestored} bytes in ${restoreSeconds.toFixed(3)} s`);

    const state = used.dump
      ? undefined
      : await chainState(storage, restored.points, await readPassphrase(o.encryptPassFile));
    report.catalog = state !== undefined;
    if (state) {
      const check = await verifyTree(sandbox.path, state);
      Object.assign(report, {
        entries_checked: check.entriesChecked,
        digests_checked: check.digestsChecked,
        mismatch_count: check.mismatchCount,
        mismatches: check.mismatches,
      });
      if (check.mismatchCount > 0) throw new AgentError(mismatchLine(check));
      log.info(`drill: ${check.entriesChecked} entries match the catalog`);
    } else {
      log.warn('drill: the point has no file catalog; only its data was checked (hashes, tags)');
    }

    if (o.drill.probe) {
      const probe = await runProbe(o.drill.probe, sandbox.path, o.drill.probeTimeoutS, log, io);
      report.probe = probe;
      if (probe.exit_code !== 0) throw new AgentError(`probe exited with ${probe.exit_code}`);
    }
    report.result = 'success';
  } catch (err) {
    report.error = oneLine(err);
    throw err;
  } finally {
    sandbox.remove();
    report.time_started = Math.floor(started / 1000);
    report.time_ended = Math.floor(Date.now() / 1000);
    report.duration_s = (Date.now() - started) / 1000;
    writeMetadataOut(o.metadataOut, report, io.stdout);
  }
}

async function runProbe(
  command: string,
  sandbox: string,
  timeoutS: number,
  log: Logger,
  io: AgentIO,
): Promise<DrillProbe> {
  // With --metadata-out - stdout carries only the JSON: the probe's output goes to stderr.
  const result = await runExec(command, log, io.stderr, io.stderr, {
    env: { ...process.env, [SANDBOX_ENV]: sandbox },
    timeoutMs: timeoutS * 1000,
  });
  return {
    command,
    exit_code: result.exitCode,
    duration_s: (result.timeEnded - result.timeStarted) / 1000,
    output_tail: result.outputTail.slice(-PROBE_TAIL),
  };
}
