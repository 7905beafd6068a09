import type { StreamParams, SegmentDigest } from '@freezer/codec';
import { AgentError } from '../../errors.js';
import type { BackupRecord } from '../../repository/backup-record.js';

/** The rsync engine's own record keys: its manifest (engine metadata, a codec stream like `data`) and counts. */
export interface RsyncRecordPart {
  manifest: { stream: StreamParams; segments: SegmentDigest[]; bytes: number; stored_bytes: number };
  /** Files stored whole / as deltas / not stored (unchanged since the parent level). */
  whole_files: number;
  delta_files: number;
  unchanged_files: number;
  /** Bytes of new data in the deltas, and bytes the deltas take from the previous version. */
  literal_bytes: number;
  copied_bytes: number;
}

/** A record as the rsync engine writes it. */
export type RsyncRecord = BackupRecord & { rsync?: RsyncRecordPart };

/** The rsync part of a point's record; a point of another engine has none. */
export function rsyncPartOf(record: BackupRecord, where: string): RsyncRecordPart {
  const part = (record as RsyncRecord).rsync;
  if (record.engine_name !== 'rsync' || !part)
    throw new AgentError(`level ${where} is not an rsync-engine backup`);
  return part;
}
