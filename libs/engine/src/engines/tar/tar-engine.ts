import type { BackupEngine } from '../engine.js';
import { tarBackup } from './tar-backup.js';
import { tarRestore } from './tar-restore.js';
import { tarRestoreSelection } from './tar-selection.js';

/** GNU tar listed-incremental archives: the stock agent's engine and on-storage format. */
export const tarEngine: BackupEngine = {
  name: 'tar',
  storesStreams: true,
  backup: tarBackup,
  restore: tarRestore,
  restoreSelection: tarRestoreSelection,
};
