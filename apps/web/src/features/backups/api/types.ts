export interface BackupMetadata {
  container?: string;
  hostname?: string;
  backup_name?: string;
  time_stamp?: number;
  curr_backup_level?: number;
  storage?: string;
  encrypted?: boolean;
  encrypt_pass_file?: string;
  size?: number;
  size_bytes?: number;
  bytes_stored?: number;
  files?: number;
  file_count?: number;
  path_to_backup?: string;
  job_id?: string;
  client_id?: string;
  [key: string]: unknown;
}

export interface BackupDoc {
  backup_id: string;
  project_id?: string;
  user_id?: string;
  user_name?: string;
  backup_metadata: BackupMetadata;
}
