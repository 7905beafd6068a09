import type { CatalogSearchMatch, CatalogSearchQuery, CatalogSearchResult } from '@freezer/schema';
import { type SQL, and, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Scope, StoreContext } from '../context.js';
import { scopeWhere } from '../repos/scope-where.js';
import { chunkText } from './chunk-codec.js';
import { escapeRegExp, nameMatcher } from './name-matcher.js';
import { decodeLine, dirFromKey, lineName } from './record-lines.js';

/** Matching files kept at most: bounds the memory of a search that matches nearly everything. */
export const SEARCH_MAX_FILES = 10_000;
/** Chunks opened per round trip. */
const CHUNK_BATCH = 256;

interface Ref {
  path: string;
  backupId: string;
  hostname: string;
  backupName: string;
  level: number;
  timeStamp: number;
}

/**
 * The lines of a chunk holding `re` anywhere (then the name is checked), or every line without it:
 * a name found in a few lines of a large chunk costs a scan, not a split and decode of each line.
 */
function* linesWith(text: string, re: RegExp | undefined): Generator<string> {
  if (!re) {
    yield* text.split('\n');
    return;
  }
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = text.lastIndexOf('\n', m.index) + 1;
    const newline = text.indexOf('\n', m.index);
    const end = newline < 0 ? text.length : newline;
    yield text.slice(start, end);
    re.lastIndex = end + 1;
  }
}

/**
 * Every recorded version of the files that match, across the project's points (each shared chunk
 * is opened once, whichever points and folders use it), grouped per client, backup name and path.
 */
export async function searchCatalog(
  ctx: StoreContext,
  scope: Scope,
  query: CatalogSearchQuery,
): Promise<CatalogSearchResult> {
  const match = nameMatcher(query.q);
  const { catalogChunks: c, catalogDirs: d, catalogPoints: p } = ctx.t;
  // The database skips the chunks that cannot match: a name query's literal piece must be in the
  // chunk's names; a path query's in its names or in the path of a folder using it (compared in
  // lower case by the database, which only folds ASCII: other literals read every chunk).
  const has = (text: SQL) =>
    ctx.dialect === 'postgres'
      ? sql`strpos(${text}, ${match.literal}) > 0`
      : sql`instr(${text}, ${match.literal}) > 0`;
  const inFolder = sql`exists (select 1 from ${d} where ${d.chunkSeq} = ${c.seq} and ${has(sql`lower(${d.path})`)})`;
  const prefilter =
    match.literal === ''
      ? undefined
      : !match.onPath
        ? has(sql`${c.names}`)
        : /^[\x20-\x7e]*$/.test(match.literal)
          ? or(has(sql`${c.names}`), inFolder)
          : undefined;
  // Lines store some characters escaped: a literal with one of them is looked for line by line.
  const lineFilter =
    !match.onPath && match.literal !== '' && !/[\\\t\r\n]/.test(match.literal)
      ? new RegExp(escapeRegExp(match.literal), 'gi')
      : undefined;
  const files = new Map<string, CatalogSearchMatch>();
  let truncated = false;
  for (let after = 0; ;) {
    const chunks = await ctx.db
      .select({ seq: c.seq, body: c.body })
      .from(c)
      .where(and(eq(c.projectId, scope.projectId), gt(c.seq, after), prefilter))
      .orderBy(c.seq)
      .limit(CHUNK_BATCH);
    const last = chunks.at(-1);
    if (!last) break;
    after = last.seq;
    const refRows = await ctx.db
      .select({
        chunkSeq: d.chunkSeq,
        path: d.path,
        backupId: p.backupId,
        hostname: p.hostname,
        backupName: p.backupName,
        level: p.level,
        timeStamp: p.timeStamp,
      })
      .from(d)
      .innerJoin(p, eq(d.pointSeq, p.seq))
      .where(
        and(
          inArray(
            d.chunkSeq,
            chunks.map((k) => k.seq),
          ),
          eq(p.status, 1),
          ...scopeWhere(p, scope),
        ),
      );
    const refs = new Map<number, Ref[]>();
    for (const r of refRows) {
      const list = refs.get(r.chunkSeq ?? -1) ?? [];
      list.push({ ...r, path: dirFromKey(r.path) });
      refs.set(r.chunkSeq ?? -1, list);
    }
    for (const chunk of chunks) {
      const users = refs.get(chunk.seq);
      if (!users) continue;
      const dirs = [...new Set(users.map((u) => u.path))];
      const text = chunkText(chunk.body);
      if (!match.mayMatch(text) && !(match.onPath && dirs.some((d) => match.mayMatch(d)))) continue;
      for (const line of linesWith(text, lineFilter)) {
        const name = lineName(line);
        const nameHit = !match.onPath && match.test(name);
        if (!match.onPath && !nameHit) continue;
        for (const dir of dirs) {
          const full = dir === '' ? name : `${dir}/${name}`;
          if (match.onPath && !match.test(full)) continue;
          const rec = decodeLine(line);
          if (rec.deleted) continue;
          for (const u of users) {
            if (u.path !== dir) continue;
            const key = `${u.hostname}\0${u.backupName}\0${full}`;
            let file = files.get(key);
            if (!file) {
              if (files.size >= SEARCH_MAX_FILES) {
                truncated = true;
                continue;
              }
              file = { hostname: u.hostname, backup_name: u.backupName, path: full, versions: [] };
              files.set(key, file);
            }
            file.versions.push({
              backup_id: u.backupId,
              level: u.level,
              time_stamp: u.timeStamp,
              type: rec.type,
              size: rec.size,
              mtime: rec.mtime,
            });
          }
        }
      }
    }
  }
  const all = [...files.values()].sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.hostname.localeCompare(b.hostname) ||
      a.backup_name.localeCompare(b.backup_name),
  );
  const page = all.slice(query.offset, query.offset + query.limit);
  for (const f of page) f.versions.sort((a, b) => a.time_stamp - b.time_stamp || a.level - b.level);
  return { total: all.length, truncated, matches: page };
}
