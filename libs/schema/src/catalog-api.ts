import { z } from 'zod';
import { clientIdString, int } from './common.js';
import { CatalogEntryType, catalogPath } from './file-catalog.js';

/**
 * The API's view of the file catalogs (see file-catalog.ts for what the agent uploads): a directory
 * listing at one backup point, a search across the project's points, and a selection restore.
 */

export const CATALOG_SORT_KEYS = ['name', 'size', 'mtime'] as const;
export const CatalogSort = z.enum([...CATALOG_SORT_KEYS, ...CATALOG_SORT_KEYS.map((k) => `-${k}` as const)]);
export type CatalogSort = z.infer<typeof CatalogSort>;

const limit = z.coerce.number().int().min(1).max(10_000);
const offset = z.coerce.number().int().min(0);

/** GET /backups/{id}/catalog: `path` is '' (or absent) for the backed-up root. */
export const CatalogListQuery = z.object({
  path: z.union([z.literal(''), catalogPath]).default(''),
  limit: limit.default(1000),
  offset: offset.default(0),
  sort: CatalogSort.default('name'),
});
export type CatalogListQuery = z.infer<typeof CatalogListQuery>;

/** One entry of a directory as it was at the listed point. */
export const CatalogListEntry = z.object({
  name: z.string(),
  path: z.string(),
  type: CatalogEntryType,
  size: int.min(0),
  mtime: z.number(),
  mode: int.min(0),
  uid: int.min(0).optional(),
  gid: int.min(0).optional(),
  owner: z.string().optional(),
  group: z.string().optional(),
  link: z.string().optional(),
});
export type CatalogListEntry = z.infer<typeof CatalogListEntry>;

export const CatalogPointInfo = z.object({
  backup_id: z.string(),
  hostname: z.string(),
  backup_name: z.string(),
  level: int.min(0),
  time_stamp: int,
  level0_time_stamp: int,
});
export type CatalogPointInfo = z.infer<typeof CatalogPointInfo>;

export const CatalogListing = z.object({
  point: CatalogPointInfo,
  path: z.string(),
  /** Entries in the directory at this point (all pages). */
  total: int.min(0),
  entries: z.array(CatalogListEntry),
});
export type CatalogListing = z.infer<typeof CatalogListing>;

/** Why a backup cannot be browsed: the dashboard says this instead of showing an empty folder. */
export const CATALOG_MISSING_REASONS = ['no_catalog', 'chain_incomplete', 'no_such_directory'] as const;
export const CatalogMissingReason = z.enum(CATALOG_MISSING_REASONS);
export type CatalogMissingReason = z.infer<typeof CatalogMissingReason>;

export const CatalogMissingBody = z.object({
  title: z.string(),
  description: z.string(),
  reason: CatalogMissingReason,
});
export type CatalogMissingBody = z.infer<typeof CatalogMissingBody>;

export const CatalogUploadResult = z.object({ backup_id: z.string(), entries: int.min(0) });
export type CatalogUploadResult = z.infer<typeof CatalogUploadResult>;

/** GET /catalog/search: a case-insensitive substring of the name or path, or a glob (`*`, `?`, `**`). */
export const CatalogSearchQuery = z.object({
  q: z.string().min(1).max(1024),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: offset.default(0),
});
export type CatalogSearchQuery = z.infer<typeof CatalogSearchQuery>;

export const CatalogVersion = z.object({
  backup_id: z.string(),
  level: int.min(0),
  time_stamp: int,
  type: CatalogEntryType,
  size: int.min(0),
  mtime: z.number(),
});
export type CatalogVersion = z.infer<typeof CatalogVersion>;

/** One file (per client and backup name) and every point that recorded it, oldest first. */
export const CatalogSearchMatch = z.object({
  hostname: z.string(),
  backup_name: z.string(),
  path: z.string(),
  versions: z.array(CatalogVersion),
});
export type CatalogSearchMatch = z.infer<typeof CatalogSearchMatch>;

export const CatalogSearchResult = z.object({
  /** Matching files (all pages), at most the search's cap. */
  total: int.min(0),
  /** True when more files matched than the cap: narrow the query. */
  truncated: z.boolean(),
  matches: z.array(CatalogSearchMatch),
});
export type CatalogSearchResult = z.infer<typeof CatalogSearchResult>;

/** POST /backups/{id}/restore: restore a selection of that point. */
export const CatalogRestoreRequest = z.strictObject({
  /** Paths or globs relative to the backed-up root. */
  paths: z
    .array(
      z
        .string()
        .min(1)
        .max(4096)
        .refine((p) => !p.includes(','), 'must not contain ","'),
    )
    .min(1),
  /** The client that restores; default the backup's own. */
  client_id: clientIdString.optional(),
  /** Absolute target directory; default the backed-up path. */
  restore_abs_path: z.string().startsWith('/', 'must be an absolute path').optional(),
  overwrite: z.boolean().optional(),
});
export type CatalogRestoreRequest = z.infer<typeof CatalogRestoreRequest>;

export const CatalogRestoreResult = z.object({ job_id: z.string(), client_id: z.string() });
export type CatalogRestoreResult = z.infer<typeof CatalogRestoreResult>;
