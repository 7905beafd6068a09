import type { CinderBackup, CinderVolume } from '@freezer/openstack';
import { FREEZER_VERSION } from '@freezer/schema';
import type { AgentOptions } from '../agent-options.js';

/** What a cindernative run reports (--metadata-out): the stock keys, Cinder's ids and what was done. */
export type NativeReport = Record<string, unknown>;

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * A cindernative backup's --metadata-out: the stock agent's keys (with `cinder_backup_id`, as it wrote)
 * and what Cinder made. Through the scheduler it becomes the API's backup record, which needs a
 * non-empty container: Cinder's, where its driver put the data. `made` is absent for a dry run.
 */
export function nativeBackupReport(
  o: AgentOptions,
  volume: Pick<CinderVolume, 'id' | 'size'>,
  request: { name: string; incremental: boolean; startedMs: number },
  made?: { backup: CinderBackup; endedMs: number },
): NativeReport {
  const incremental = made ? made.backup.is_incremental : request.incremental;
  const base = {
    action: 'backup',
    result: 'success',
    mode: 'cindernative',
    backup_media: 'cindernative',
    backup_name: request.name,
    hostname: o.hostname,
    cindernative_vol_id: volume.id,
    is_incremental: incremental,
    curr_backup_level: incremental ? 1 : 0,
    client_os: process.platform,
    client_version: FREEZER_VERSION,
    time_stamp: seconds(request.startedMs),
    storage: 'cinder',
    container: made?.backup.container || 'cinder',
  };
  if (!made) return { ...base, dry_run: true };
  return {
    ...base,
    cinder_backup_id: made.backup.id,
    size_gib: made.backup.size ?? volume.size,
    storages: ['cinder'],
    time_started: seconds(request.startedMs),
    time_ended: seconds(made.endedMs),
    duration_s: (made.endedMs - request.startedMs) / 1000,
    dry_run: '',
  };
}
