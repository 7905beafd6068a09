import {
  type CinderBackup,
  type OpenStackSession,
  backupCreatedMs,
  createBackup,
  deleteBackup,
  deleteVolume,
  getBackup,
  getVolume,
  openSession,
  restoreBackupToNewVolume,
  volumeBackups,
  waitForBackup,
  waitForBackupGone,
  waitForVolume,
} from '@freezer/openstack';
import { AgentError } from '../errors.js';
import type { AgentOptions } from '../agent-options.js';
import type { Logger } from '../logger.js';
import { cloudEnv } from './cloud-env.js';
import { type NativeReport, nativeBackupReport } from './cindernative-report.js';
import { type NativeRetention, retentionCandidates } from './cindernative-retention.js';

// Cinder does the work; the agent only waits. Large volumes through a slow backup driver take hours.
const BACKUP_WAIT_MS = 12 * 3600_000;
const RESTORE_WAIT_MS = 12 * 3600_000;
const DELETE_WAIT_MS = 600_000;

/**
 * `--cindernative-vol-id` backup: Cinder's own backup API (`POST /backups`, `force` as the stock
 * agent sends it, so in-use volumes are backed up too), awaited until `available`. With --incremental
 * the backup is incremental when the volume already has an available backup, a full one otherwise
 * (stock behaviour). Cinder keeps the data: nothing is written to the agent's storage.
 */
export async function cinderNativeBackup(o: AgentOptions, log: Logger): Promise<NativeReport> {
  const started = Date.now();
  const volumeId = o.modes.cindernativeVolId as string;
  const s = await openSession(cloudEnv(o));
  const volume = await getVolume(s, volumeId);
  if (volume.status === 'backing-up') {
    throw new AgentError(
      `Cinder volume ${volumeId} is backing-up: another backup of it is running (one an interrupted ` +
        'run started finishes on its own); try again once it is available',
    );
  }
  if (volume.status !== 'available' && volume.status !== 'in-use') {
    throw new AgentError(
      `Cinder volume ${volumeId} is ${volume.status}: Cinder backs up available or in-use volumes`,
    );
  }
  const previous = (await volumeBackups(s, volumeId)).filter((b) => b.status === 'available');
  const incremental = o.modes.incremental && previous.length > 0;
  if (o.modes.incremental && !incremental)
    log.info(`cindernative: volume ${volumeId} has no available backup yet: a full backup first`);
  const name = o.backupName ?? `freezer-cindernative-${volumeId}`;
  const kind = incremental ? 'incremental' : 'full';
  log.info(`cindernative: ${kind} backup of volume ${volume.name ?? ''} (${volumeId}, ${volume.status})`);
  const request = { name, incremental, startedMs: started };
  if (o.dryRun) {
    log.info(`cindernative: dry run, no backup made`);
    return nativeBackupReport(o, volume, request);
  }
  const backupId = await createBackup(s, {
    volumeId,
    name,
    description: `freezer-agent ${kind} backup of volume ${volumeId} from ${o.hostname}`,
    incremental,
    force: true,
  });
  log.info(`cindernative: Cinder is making backup ${backupId}; waiting for it to be available`);
  const backup = await waitForBackup(s, backupId, BACKUP_WAIT_MS);
  log.info(`cindernative: backup ${backupId} of volume ${volumeId} is available (${kind})`);
  return nativeBackupReport(o, volume, request, { backup, endedMs: Date.now() });
}

/** The backup a restore uses: the one named, or the volume's newest available one (at or before the date). */
async function backupToRestore(s: OpenStackSession, o: AgentOptions): Promise<CinderBackup> {
  const { cindernativeBackupId: backupId, cindernativeVolId: volumeId } = o.modes;
  if (backupId) {
    const b = await getBackup(s, backupId);
    if (volumeId && b.volume_id !== volumeId)
      throw new AgentError(`Cinder backup ${backupId} is of volume ${b.volume_id}, not ${volumeId}`);
    if (b.status !== 'available')
      throw new AgentError(`Cinder backup ${backupId} is ${b.status}: only available backups are restored`);
    return b;
  }
  const limitMs = o.restoreFromDate === undefined ? Infinity : o.restoreFromDate * 1000;
  const usable = (await volumeBackups(s, volumeId as string)).filter(
    (b) => b.status === 'available' && backupCreatedMs(b) <= limitMs,
  );
  const newest = usable.sort((a, b) => backupCreatedMs(b) - backupCreatedMs(a))[0];
  if (!newest) {
    const when = o.restoreFromDate === undefined ? '' : ' at or before --restore-from-date';
    throw new AgentError(`no available Cinder backup of volume ${volumeId}${when}`);
  }
  return newest;
}

/**
 * Restore: `POST /backups/{id}/restore` without a target volume, so Cinder makes a new one (as the
 * stock agent does; the original volume is never overwritten), awaited until available. A new volume
 * that ends in an error state is deleted.
 */
export async function cinderNativeRestore(o: AgentOptions, log: Logger): Promise<NativeReport> {
  const started = Date.now();
  const s = await openSession(cloudEnv(o));
  const backup = await backupToRestore(s, o);
  const base = {
    action: 'restore',
    mode: 'cindernative',
    cinder_backup_id: backup.id,
    cindernative_vol_id: backup.volume_id,
    is_incremental: backup.is_incremental,
    backup_created_at: backup.created_at,
  };
  if (o.dryRun) {
    log.info(
      `cindernative: dry run, would restore backup ${backup.id} (${backup.created_at}) into a new volume`,
    );
    return { ...base, result: 'success', dry_run: true };
  }
  const volumeId = await restoreBackupToNewVolume(s, backup.id);
  try {
    await waitForVolume(s, volumeId, RESTORE_WAIT_MS);
  } catch (err) {
    const v = await getVolume(s, volumeId).catch(() => undefined);
    if (v?.status.startsWith('error')) await deleteVolume(s, volumeId).catch(() => undefined);
    throw err;
  }
  // The backup is `restoring` until Cinder marks it available again; a next run expects it usable.
  await waitForBackup(s, backup.id, DELETE_WAIT_MS);
  log.info(`cindernative: restored backup ${backup.id} of volume ${backup.volume_id} as volume ${volumeId}`);
  return {
    ...base,
    result: 'success',
    restored_volume_id: volumeId,
    duration_s: (Date.now() - started) / 1000,
    dry_run: false,
  };
}

function retentionPolicy(o: AgentOptions): NativeRetention {
  if (o.modes.fullbackupRotation !== undefined) return { fullbackupRotation: o.modes.fullbackupRotation };
  if (o.removeFromDate !== undefined) return { fromDateS: o.removeFromDate };
  return { olderThanDays: o.removeOlderThanDays ?? 0 };
}

/**
 * A dry run deletes nothing, so Cinder still counts the dependents it would have removed. Cinder makes
 * an incremental on the volume's newest backup: a chain is linear, and a backup's dependent is the
 * next newer one left when that one is incremental.
 */
function dependentsWouldGo(all: CinderBackup[], b: CinderBackup, removed: string[]): boolean {
  const next = all
    .filter((x) => !removed.includes(x.id) && backupCreatedMs(x) > backupCreatedMs(b))
    .sort((x, y) => backupCreatedMs(x) - backupCreatedMs(y))[0];
  return !next?.is_incremental;
}

/**
 * Admin: deletes the volume's backups the policy names, newest first. A backup that another one still
 * depends on (an incremental made after the cutoff) is kept: Cinder would refuse to delete it, and the
 * newer backup needs it to restore.
 */
export async function cinderNativeAdmin(o: AgentOptions, log: Logger): Promise<NativeReport> {
  const volumeId = o.modes.cindernativeVolId as string;
  const s = await openSession(cloudEnv(o));
  const all = await volumeBackups(s, volumeId);
  const candidates = retentionCandidates(all, retentionPolicy(o), Date.now());
  const removed: string[] = [];
  const keptForDependents: string[] = [];
  for (const candidate of candidates) {
    const now = await getBackup(s, candidate.id);
    if (now.has_dependent_backups && !(o.dryRun && dependentsWouldGo(all, now, removed))) {
      log.info(`cindernative: keeping backup ${now.id} (${now.created_at}): a newer backup depends on it`);
      keptForDependents.push(now.id);
      continue;
    }
    if (o.dryRun) {
      log.info(`cindernative: dry run, would delete backup ${now.id} (${now.created_at})`);
      removed.push(now.id);
      continue;
    }
    log.info(`cindernative: deleting backup ${now.id} (${now.created_at}) of volume ${volumeId}`);
    await deleteBackup(s, now.id);
    await waitForBackupGone(s, now.id, DELETE_WAIT_MS);
    removed.push(now.id);
  }
  log.info(
    `cindernative: ${removed.length} backup(s) of volume ${volumeId} removed, ${all.length - removed.length} kept`,
  );
  return {
    action: 'admin',
    mode: 'cindernative',
    result: 'success',
    cindernative_vol_id: volumeId,
    removed: removed.length,
    kept: all.length - removed.length,
    removed_backup_ids: removed,
    kept_for_dependents: keptForDependents,
    dry_run: o.dryRun,
  };
}
