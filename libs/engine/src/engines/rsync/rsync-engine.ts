import type { BackupEngine } from '../engine.js';
import { rsyncBackup } from './rsync-backup.js';
import { rsyncRestore } from './rsync-restore.js';
import { rsyncRestoreSelection } from './rsync-selection.js';

/** Per-file deltas against the parent level (rsync's algorithm, libs/delta) with a manifest per point. */
export const rsyncEngine: BackupEngine = {
  name: 'rsync',
  storesStreams: false,
  backup: rsyncBackup,
  restore: rsyncRestore,
  restoreSelection: rsyncRestoreSelection,
};
