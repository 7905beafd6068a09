import { FREEZER_VERSION, type AgentBackupMetadata } from '@freezer/schema';
import type { BackupOutcome } from '../repository/point-writer.js';
import type { HookRun } from '../hooks/commands.js';
import type { AgentOptions } from '../agent-options.js';

/**
 * --metadata-out after a backup: the stock agent's keys (with the real level — stock always wrote 0)
 * plus what the scheduler reports to the API: sizes, times, throughput, ratio, the backup's id.
 */
export function backupReport(
  o: AgentOptions,
  outcome: BackupOutcome,
  storages: string[],
  hooks: HookRun[] = [],
): AgentBackupMetadata {
  const r = outcome.record;
  const duration = r.duration_s ?? 0;
  const bytesRead = r.bytes_read ?? 0;
  const bytesStored = r.bytes_stored ?? 0;
  return {
    curr_backup_level: outcome.point.level,
    fs_real_path: o.pathToBackup,
    vol_snap_path: o.pathToBackup,
    client_os: process.platform,
    client_version: FREEZER_VERSION,
    time_stamp: outcome.point.timestamp,
    action: 'backup',
    always_level: o.alwaysLevel ?? '',
    backup_media: 'fs',
    backup_name: o.backupName,
    container: o.container,
    container_segments: '',
    dry_run: o.dryRun ? true : '',
    hostname: o.hostname,
    path_to_backup: o.pathToBackup,
    max_level: o.maxLevel ?? '',
    mode: o.modes.mode,
    log_file: o.logFile ?? '',
    storage: o.storage,
    proxy: '',
    compression: o.compression,
    ssh_key: o.ssh.key ?? '',
    ssh_username: o.ssh.username ?? '',
    ssh_host: o.ssh.host ?? '',
    ssh_port: o.ssh.port ?? 22,
    consistency_checksum: '',
    backup_uuid: r.backup_uuid,
    level_zero_timestamp: outcome.point.levelZeroTs,
    engine_name: r.engine_name,
    encryption: o.encryption,
    bytes_read: bytesRead,
    bytes_stored: bytesStored,
    files: r.files ?? 0,
    time_started: r.time_started,
    time_ended: r.time_ended,
    duration_s: duration,
    throughput_bps: duration > 0 ? Math.round(bytesRead / duration) : bytesRead,
    compression_ratio: bytesStored > 0 ? Number((bytesRead / bytesStored).toFixed(3)) : 0,
    segments: r.segments?.length ?? 0,
    storages,
    result: 'success',
    // --pre-command/--post-command runs with exit codes and output (absent when none ran).
    ...(hooks.length > 0 ? { hooks } : {}),
  };
}
