import type { CatalogRestoreRequest, CatalogVersion } from '@freezer/schema';

/** Where a selection goes: back where it was backed up from, or to another client and/or folder. */
export interface RestoreTarget {
  where: 'original' | 'other';
  /** Blank: the client that made the backup. */
  clientId: string;
  path: string;
  overwrite: boolean;
}

export const ORIGINAL_TARGET: RestoreTarget = { where: 'original', clientId: '', path: '', overwrite: false };

export function validateTarget(t: RestoreTarget): Partial<Record<'clientId' | 'path', string>> {
  if (t.where === 'original') return {};
  const e: Partial<Record<'clientId' | 'path', string>> = {};
  const path = t.path.trim();
  if (!path) e.path = 'Give the absolute folder to restore into.';
  else if (!path.startsWith('/')) e.path = 'The restore folder must be an absolute path.';
  if (/\s/.test(t.clientId.trim())) e.clientId = 'A client id has no spaces.';
  return e;
}

/** The body of POST /backups/{id}/restore; the API fills in the original client and path itself. */
export function toRestoreRequest(paths: readonly string[], t: RestoreTarget): CatalogRestoreRequest {
  const req: CatalogRestoreRequest = { paths: [...paths], overwrite: t.overwrite };
  if (t.where === 'other') {
    if (t.clientId.trim()) req.client_id = t.clientId.trim();
    req.restore_abs_path = t.path.trim();
  }
  return req;
}

export type VersionChange = 'first' | 'changed' | 'same';

/** A file's versions newest first, each marked by how it differs from the version before it. */
export function versionTimeline(
  versions: readonly CatalogVersion[],
): (CatalogVersion & { change: VersionChange })[] {
  const oldestFirst = [...versions].sort((a, b) => a.time_stamp - b.time_stamp);
  return oldestFirst
    .map((v, i) => {
      const prev = oldestFirst[i - 1];
      const change: VersionChange = !prev
        ? 'first'
        : prev.size !== v.size || prev.mtime !== v.mtime || prev.type !== v.type
          ? 'changed'
          : 'same';
      return { ...v, change };
    })
    .reverse();
}
