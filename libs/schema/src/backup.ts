import { z } from 'zod';
import { AgentBackupMetadata } from './backup-metadata.js';

const required = z.string().min(1, { message: 'must be a non-empty string' });

/** POST /backups: the metadata itself; the stock API requires these three keys non-empty. */
export const BackupCreate = AgentBackupMetadata.extend({
  container: required,
  hostname: required,
  backup_name: required,
});
export type BackupCreate = z.infer<typeof BackupCreate>;

export const BackupDoc = z.object({
  project_id: z.string(),
  user_id: z.string(),
  backup_id: z.string(),
  user_name: z.string().nullable(),
  backup_metadata: AgentBackupMetadata,
});
export type BackupDoc = z.infer<typeof BackupDoc>;
