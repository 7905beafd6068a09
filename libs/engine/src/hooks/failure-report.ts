import { FREEZER_VERSION } from '@freezer/schema';
import { oneLine } from '../errors.js';
import type { AgentOptions } from '../agent-options.js';
import type { HookRun } from './commands.js';

/**
 * --metadata-out of a backup that failed: no backup record (the scheduler uploads one only after exit
 * 0), but the run report keeps why it failed and what the hooks did, e.g. the post hook that still ran.
 */
export function failedBackupReport(o: AgentOptions, error: unknown, hooks: HookRun[]): object {
  return {
    action: 'backup',
    result: 'fail',
    error: oneLine(error),
    mode: o.modes.mode,
    hostname: o.hostname,
    backup_name: o.backupName,
    path_to_backup: o.pathToBackup,
    client_version: FREEZER_VERSION,
    time_ended: Math.floor(Date.now() / 1000),
    hooks,
  };
}
