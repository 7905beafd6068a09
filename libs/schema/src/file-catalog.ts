import { z } from 'zod';
import { int } from './common.js';
import { CATALOG_ENTRY_TYPES, CATALOG_FORMAT, CATALOG_VERSION, isCleanRelativePath } from './catalog-text.js';

/**
 * The file catalog of one backup point: what the agent writes beside the point's data (through the
 * same codec) and, unless `--no-catalog-upload`, what the scheduler sends to the API after the point
 * commits. Stored and sent as NDJSON: one `CatalogHeader` line, then one `CatalogRecord` per line.
 *
 * An incremental point lists only what changed since its parent (new or modified entries) and what
 * was deleted; the state at a point is its chain's records merged from level 0 upwards, later wins.
 */

export const CatalogEntryType = z.enum(CATALOG_ENTRY_TYPES);
export type CatalogEntryType = z.infer<typeof CatalogEntryType>;

/** '/'-separated, relative to the backed-up root, no leading './' or '/', no '.' or '..' segments. */
export const catalogPath = z.string().min(1).max(4096).refine(isCleanRelativePath, {
  message: "must be a relative path without '', '.' or '..' segments",
});

const nonNegative = int.min(0);

/** Where an entry's data lies in its point's stream: enough for a ranged read of only those bytes. */
export const CatalogDataLocation = z.object({
  /** Segment number within the point (0-based, as stored). */
  segment: nonNegative,
  /** Byte offset of the entry's first stored byte within that segment. */
  offset: nonNegative,
  /** Stored bytes from `offset` (may run into the following segments). */
  length: nonNegative,
  /**
   * The chain level whose stream holds the data, when not the record's own point (an entry carried
   * over unchanged under a new name, e.g. inside a renamed directory).
   */
  level: nonNegative.optional(),
  /** Index of the codec's independent unit (framed record, compressed member) that `offset` starts. */
  unit: nonNegative.optional(),
  /** Offset of that unit's first byte in the uncompressed stream. */
  unit_raw: nonNegative.optional(),
  /** Offset of the entry's first byte (its first tar header, …) in the uncompressed stream. */
  raw: nonNegative.optional(),
});
export type CatalogDataLocation = z.infer<typeof CatalogDataLocation>;

export const CatalogEntry = z.object({
  path: catalogPath,
  type: CatalogEntryType,
  size: nonNegative,
  /** Epoch seconds, fractional allowed. */
  mtime: z.number(),
  /** Permission and special bits (st_mode & 0o7777). */
  mode: int.min(0).max(0o7777),
  uid: nonNegative.optional(),
  gid: nonNegative.optional(),
  owner: z.string().max(256).optional(),
  group: z.string().max(256).optional(),
  /** Symlink target, or the path a hard link points to. */
  link: z.string().max(4096).optional(),
  /** Hex SHA-256 of the content, where the engine computes it. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** Absent for entries without data in this point (directories, links, unchanged metadata). */
  loc: CatalogDataLocation.optional(),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

export const CatalogDeletion = z.object({ path: catalogPath, deleted: z.literal(true) });
export type CatalogDeletion = z.infer<typeof CatalogDeletion>;

export const CatalogRecord = z.union([CatalogDeletion, CatalogEntry]);
export type CatalogRecord = z.infer<typeof CatalogRecord>;

export const CatalogHeader = z.object({
  format: z.literal(CATALOG_FORMAT),
  version: z.literal(CATALOG_VERSION),
  engine: z.string().min(1),
  hostname: z.string().min(1),
  backup_name: z.string().min(1),
  /** The point's level and time stamp, and its level 0's (which names the chain). */
  level: nonNegative,
  time_stamp: int,
  level0_time_stamp: int,
  /** Time stamps of the points this one builds on, level 0 first (empty at level 0). */
  parents: z.array(int),
});
export type CatalogHeader = z.infer<typeof CatalogHeader>;
