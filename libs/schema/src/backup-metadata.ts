import { z } from 'zod';
import { int } from './common.js';
import { BACKUP_ENCRYPTIONS, BACKUP_RESULTS } from './vocabulary.js';

// The stock agent writes "" for unset options, so those keys accept "" next to their real type.
const intOrEmpty = z
  .union([int, z.literal('')])
  .nullable()
  .optional();
const boolOrEmpty = z
  .union([z.boolean(), z.literal('')])
  .nullable()
  .optional();
const str = z.string().nullable().optional();

/**
 * What `freezer-agent --metadata-out` writes after a backup (stock keys, freezer-agent.md §9) plus our
 * extension keys. The scheduler adds `job_id` and `client_id` and POSTs it to /backups. Open: future keys pass through.
 */
export const AgentBackupMetadata = z.looseObject({
  // stock keys
  curr_backup_level: int.min(0).optional(),
  fs_real_path: str,
  vol_snap_path: str,
  client_os: str,
  client_version: str,
  time_stamp: int.optional(),
  action: str,
  always_level: intOrEmpty,
  backup_media: str,
  backup_name: z.string().optional(),
  container: z.string().optional(),
  container_segments: str,
  dry_run: boolOrEmpty,
  hostname: z.string().optional(),
  path_to_backup: str,
  max_level: intOrEmpty,
  mode: str,
  log_file: str,
  storage: str,
  proxy: str,
  compression: str,
  ssh_key: str,
  ssh_username: str,
  ssh_host: str,
  ssh_port: intOrEmpty,
  consistency_checksum: str,
  job_id: str,
  /** cindernative: the Cinder backup the run made (the data stays in Cinder's backup store). */
  cinder_backup_id: str,
  // extension keys
  /**
   * The client (node) that made the backup; the scheduler adds it with `job_id`. A client owns its
   * backups by this id; records without it (stock schedulers) are matched by hostname.
   */
  client_id: str,
  /** Stable id of this backup: "<hostname>_<backup_name>/<L0 ts>/<level>_<ts>". */
  backup_uuid: z.string().min(1).optional(),
  level_zero_timestamp: int.optional(),
  engine_name: z.string().optional(),
  encryption: z.enum(BACKUP_ENCRYPTIONS).optional(),
  bytes_read: int.min(0).optional(),
  bytes_stored: int.min(0).optional(),
  files: int.min(0).optional(),
  time_started: int.optional(),
  time_ended: int.optional(),
  duration_s: z.number().min(0).optional(),
  throughput_bps: z.number().min(0).optional(),
  compression_ratio: z.number().min(0).optional(),
  segments: int.min(0).optional(),
  storages: z.array(z.string()).optional(),
  result: z.enum(BACKUP_RESULTS).optional(),
});
export type AgentBackupMetadata = z.infer<typeof AgentBackupMetadata>;
