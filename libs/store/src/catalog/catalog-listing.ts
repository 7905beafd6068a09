import type {
  CatalogListEntry,
  CatalogListQuery,
  CatalogListing,
  CatalogMissingReason,
} from '@freezer/schema';
import { and, inArray } from 'drizzle-orm';
import type { Scope, StoreContext } from '../context.js';
import { openChunk } from './chunk-codec.js';
import { chainOf, findPoint, pointInfo } from './catalog-points.js';
import { decodeLine, dirFromKey, dirKey } from './record-lines.js';

export type ListingResult =
  { found: true; listing: CatalogListing } | { found: false; reason: CatalogMissingReason; message: string };

/** '' → [''], 'a/b' → ['', 'a', 'a/b']. */
function selfAndAncestors(path: string): string[] {
  if (path === '') return [''];
  const parts = path.split('/');
  return ['', ...parts.map((_, i) => parts.slice(0, i + 1).join('/'))];
}

const SORTERS: Record<string, (a: CatalogListEntry, b: CatalogListEntry) => number> = {
  name: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  size: (a, b) => a.size - b.size,
  mtime: (a, b) => a.mtime - b.mtime,
};

/** A folder as it was at a point: its chain's records merged from level 0 up, later wins. */
export async function listDirectory(
  ctx: StoreContext,
  scope: Scope,
  backupId: string,
  query: CatalogListQuery,
): Promise<ListingResult> {
  const point = await findPoint(ctx, scope, backupId);
  if (!point)
    return {
      found: false,
      reason: 'no_catalog',
      message: `backup ${backupId} has no file catalog: it was made with --no-catalog-upload, by an agent without catalogs, or its upload has not arrived`,
    };
  const { chain, missing } = await chainOf(ctx, scope, point);
  if (missing.length > 0)
    return {
      found: false,
      reason: 'chain_incomplete',
      message: `backup ${backupId} builds on points without a catalog (time stamps ${missing.join(', ')}): its folders cannot be listed`,
    };
  const path = query.path;
  const ancestors = selfAndAncestors(path);
  const { catalogDirs: d, catalogChunks: c } = ctx.t;
  const dirRows = await ctx.db
    .select({ pointSeq: d.pointSeq, path: d.path, chunkSeq: d.chunkSeq, deleted: d.deleted })
    .from(d)
    .where(
      and(
        inArray(
          d.pointSeq,
          chain.map((p) => p.seq),
        ),
        inArray(d.path, ancestors.map(dirKey)),
      ),
    )
    .orderBy(d.seq)
    .then((rows) => rows.map((r) => ({ ...r, path: dirFromKey(r.path) })));
  const chunkSeqs = [
    ...new Set(
      dirRows.filter((r) => r.path === path && r.chunkSeq !== null).map((r) => r.chunkSeq as number),
    ),
  ];
  const bodies = new Map<number, Uint8Array>();
  if (chunkSeqs.length > 0) {
    const rows = await ctx.db.select({ seq: c.seq, body: c.body }).from(c).where(inArray(c.seq, chunkSeqs));
    for (const r of rows) bodies.set(r.seq, r.body);
  }

  const merged = new Map<string, CatalogListEntry>();
  let exists = path === '';
  for (const p of chain) {
    const mine = dirRows.filter((r) => r.pointSeq === p.seq);
    // This folder or one above it was deleted (or replaced) here: what the chain had so far is gone.
    if (mine.some((r) => r.deleted === 1 && r.path !== '')) {
      merged.clear();
      exists = path === '';
    }
    for (const r of mine) {
      if (r.path !== path || r.deleted === 1) continue;
      exists = true;
      if (r.chunkSeq === null) continue;
      for (const line of openChunk(bodies.get(r.chunkSeq) ?? new Uint8Array())) {
        const rec = decodeLine(line);
        if (rec.deleted) {
          merged.delete(rec.name);
          continue;
        }
        const { deleted: _, ...entry } = rec;
        merged.set(rec.name, { ...entry, path: path === '' ? rec.name : `${path}/${rec.name}` });
      }
    }
  }
  if (!exists)
    return {
      found: false,
      reason: 'no_such_directory',
      message: `no folder "${path}" at this point of backup ${backupId}`,
    };
  const desc = query.sort.startsWith('-');
  const by = SORTERS[query.sort.replace('-', '')] ?? SORTERS.name;
  const entries = [...merged.values()].sort((a, b) => {
    const cmp = by?.(a, b) || SORTERS.name?.(a, b) || 0;
    return desc ? -cmp : cmp;
  });
  return {
    found: true,
    listing: {
      point: pointInfo(point),
      path,
      total: entries.length,
      entries: entries.slice(query.offset, query.offset + query.limit),
    },
  };
}
