export interface BackupMetadata {
  container?: string | null;
  hostname?: string | null;
  backup_name?: string | null;
  time_stamp?: number | null;
  curr_backup_level?: number | null;
  storage?: string | null;
  encrypted?: boolean | null;
  encrypt_pass_file?: string | null;
  size?: number | null;
  size_bytes?: number | null;
  bytes_stored?: number | null;
  files?: number | null;
  file_count?: number | null;
  path_to_backup?: string | null;
  job_id?: string | null;
  client_id?: string | null;
  [key: string]: unknown;
}

export interface BackupDoc {
  backup_id: string;
  project_id?: string | null;
  user_id?: string | null;
  user_name?: string | null;
  backup_metadata: BackupMetadata;
}
