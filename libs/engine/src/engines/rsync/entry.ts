/** One entry of an rsync-engine manifest: the state of one path at one level. */
export type EntryType = 'dir' | 'file' | 'symlink' | 'hardlink';

/** A step in rebuilding a file: the level that stored it and the path it had there (renames keep history). */
export interface HistoryStep {
  level: number;
  path: Buffer;
}

export interface ManifestEntry {
  type: EntryType;
  /** Relative to the backed-up directory, '/'-separated bytes (any file name survives); empty = the root. */
  path: Buffer;
  mode: number;
  uid: number;
  gid: number;
  mtimeNs: bigint;
  ctimeNs: bigint;
  size: bigint;
  dev: bigint;
  ino: bigint;
  /** symlink: its target; hardlink: the path of the first link (a file entry of the same manifest). */
  link?: Buffer;
  /** file: the full copy first, then every delta on top of it, oldest first. */
  history?: HistoryStep[];
  /** file: block size of its signature, 0 when it has none (stored whole, below the threshold). */
  blockSize?: number;
}

/**
 * Files smaller than this are always stored whole and get no signature. A signature costs a weak and
 * a strong hash per 2 KiB block on every level that stores the file (for a tree of 64 KiB–1 MiB files,
 * over a third of the level 0's CPU), to save at most the file's size on a later level — and restic,
 * whose chunks average 1 MiB, stores such a file whole when it changes too. Older levels' manifests
 * may hold signatures for smaller files: they are simply not used as delta bases.
 */
export const WHOLE_FILE_THRESHOLD = 1024 * 1024;

/** Map key of a path (latin1 keeps every byte). */
export const keyOf = (path: Buffer): string => path.toString('latin1');
