import type { BackupMetadata } from '@freezer/api-client';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Our agent and the stock one name sizes differently; take whichever is present. */
export function backupSize(m: BackupMetadata): number | null {
  return num(m.bytes_stored) ?? num(m.size_bytes) ?? num(m.size);
}

export function backupFiles(m: BackupMetadata): number | null {
  return num(m.files) ?? num(m.file_count);
}

export function isEncrypted(m: BackupMetadata): boolean {
  // Our agent writes `encryption` ("none" or the cipher); the stock one only echoes the key file option.
  const encryption: unknown = m.encryption;
  if (typeof encryption === 'string' && encryption !== '') return encryption !== 'none';
  return m.encrypted === true || (typeof m.encrypt_pass_file === 'string' && m.encrypt_pass_file !== '');
}

export function levelLabel(m: BackupMetadata): string {
  const l = num(m.curr_backup_level);
  if (l === null) return '—';
  return l === 0 ? 'full (0)' : `incremental (${l})`;
}

/**
 * "fail" for a backup the agent reported as failed, else "success". Stock schedulers post only the
 * backups that succeeded and write no result.
 */
export function backupResult(m: BackupMetadata): 'success' | 'fail' {
  return m.result === 'fail' ? 'fail' : 'success';
}
