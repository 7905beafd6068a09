import { z } from 'zod';
import { int } from './common.js';
import { ACTIONS, COMPRESSIONS, WIRE_STORAGES } from './vocabulary.js';

export const ActionName = z.enum(ACTIONS);
export type ActionName = z.infer<typeof ActionName>;

const word = z.string().regex(/^[\w-]+$/, { message: 'must match ^[\\w-]+$' });
// The agent writes "" for an unset numeric option (metadata-out, INI round trips), so "" is accepted.
const optInt = z
  .union([int, z.literal('')])
  .nullable()
  .optional();
const optNum = z
  .union([z.number(), z.literal('')])
  .nullable()
  .optional();
const optBool = z.boolean().nullable().optional();
const optStr = z.string().nullable().optional();

/**
 * `freezer_action`: the agent's options for one action. Open (the agent has many options), but the
 * keys below are typed so that `"dry_run": "false"` fails here instead of silently meaning true.
 * `null` is accepted everywhere because the stock API returns column-backed keys as null.
 */
export const FreezerAction = z.looseObject({
  action: ActionName.nullable().optional(),
  // Open like the stock schema: stock documents carry modes and engines our agent does not run
  // (vocabulary STOCK_MODES, STOCK_ENGINES); the agent refuses those with a usage error.
  mode: word.nullable().optional(),
  storage: z.enum(WIRE_STORAGES).nullable().optional(),
  engine_name: word.nullable().optional(),
  compression: z.enum(COMPRESSIONS).nullable().optional(),
  backup_name: optStr,
  container: optStr,
  path_to_backup: optStr,
  restore_abs_path: optStr,
  restore_from_date: optStr,
  remove_from_date: optStr,
  /** Selection restore: paths or globs relative to the backed-up root, comma-separated. */
  restore_paths: optStr,
  command: optStr,
  log_file: optStr,
  hostname: optStr,
  encrypt_pass_file: optStr,
  exclude: optStr,
  ssh_key: optStr,
  ssh_username: optStr,
  ssh_host: optStr,
  proxy: optStr,
  dereference_symlink: optStr,
  ssh_port: optInt,
  max_level: optInt,
  always_level: optInt,
  restart_always_level: optNum,
  remove_older_than: optNum,
  timeout: optInt,
  priority: optInt,
  max_segment_size: optInt,
  upload_limit: optInt,
  download_limit: optInt,
  no_incremental: optBool,
  dry_run: optBool,
  overwrite: optBool,
  consistency_check: optBool,
  mandatory: optBool,
  quiet: optBool,
  insecure: optBool,
  snapshot: optBool,
  max_priority: optBool,
  // The cloud modes' source, as the stock agent names it: by id, by exact name, or (glance, nova)
  // every image or instance of `project_id`, which otherwise scopes the agent's cloud login.
  glance_image_id: optStr,
  glance_image_name: optStr,
  /** glance backup: leave out images whose name contains this text (the stock filter excludes). */
  glance_image_name_filter: optStr,
  cinder_vol_id: optStr,
  cinder_vol_name: optStr,
  nova_inst_id: optStr,
  nova_inst_name: optStr,
  project_id: optStr,
  cindernative_vol_id: optStr,
  cindernative_backup_id: optStr,
  /** Keep file names off the API: the agent writes no catalog for the scheduler to upload. */
  no_catalog_upload: optBool,
});
export type FreezerAction = z.infer<typeof FreezerAction>;
