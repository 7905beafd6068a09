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
import { decodeLine, dirFromKey, dirKey, isDeletionLine, lineName } from './record-lines.js';

export type ListingResult =
  { found: true; listing: CatalogListing } | { found: false; reason: CatalogMissingReason; message: string };

/** '' → [''], 'a/b' → ['', 'a', 'a/b']. */
function selfAndAncestors(path: string): string[] {
  if (path === '') return [''];
  const parts = path.split('/');
  return ['', ...parts.map((_, i) => parts.slice(0, i + 1).join('/'))];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byEntryName = (a: CatalogListEntry, b: CatalogListEntry): number => byName(a.name, b.name);

const SORTERS: Record<string, (a: CatalogListEntry, b: CatalogListEntry) => number> = {
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

  // Lines stay as they are until the page is known: a name is all the merge needs, and a listing
  // sorted by name (the default) decodes only the lines it returns.
  const merged = new Map<string, string>();
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
        if (isDeletionLine(line)) merged.delete(lineName(line));
        else merged.set(lineName(line), line);
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
  const field = query.sort.replace('-', '');
  const toEntry = (line: string): CatalogListEntry => {
    // A line that is not a deletion decodes to a fresh entry without `deleted`: it only lacks its path.
    const entry = decodeLine(line) as CatalogListEntry;
    entry.path = path === '' ? entry.name : `${path}/${entry.name}`;
    return entry;
  };
  let page: CatalogListEntry[];
  if (field === 'name') {
    const names = [...merged.keys()].sort(byName);
    if (desc) names.reverse();
    page = names.slice(query.offset, query.offset + query.limit).map((n) => toEntry(merged.get(n) ?? ''));
  } else {
    const by = SORTERS[field] ?? byEntryName;
    const all = [...merged.values()].map(toEntry).sort((a, b) => {
      const cmp = by(a, b) || byEntryName(a, b);
      return desc ? -cmp : cmp;
    });
    page = all.slice(query.offset, query.offset + query.limit);
  }
  return {
    found: true,
    listing: {
      point: pointInfo(point),
      path,
      total: merged.size,
      entries: page,
    },
  };
}
