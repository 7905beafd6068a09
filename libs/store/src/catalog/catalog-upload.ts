import {
  CatalogDeletion,
  CatalogEntry,
  CatalogHeader,
  type CatalogRecord,
  formatPath,
  parseCatalogLine,
} from '@freezer/schema';
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { z } from 'zod';
import type { StoreContext } from '../context.js';
import type { Db } from '../db.js';
import { badRequest } from '../errors.js';
import { type SealedChunk, sealChunk } from './chunk-codec.js';
import { deletePoints } from './catalog-delete.js';
import { type NdjsonLine, ndjsonLines } from './ndjson-lines.js';
import { dirKey, encodeRecord, splitPath } from './record-lines.js';

/** Lines per chunk: a large folder is split so that no chunk needs much memory to open. */
const CHUNK_LINES = 4096;
/** Lines held before every open folder is sealed: bounds the upload's memory whatever the order. */
const PENDING_LINES = 65_536;
/** Sealed chunks written per transaction. */
const WRITE_BATCH = 512;
const IN_BATCH = 500;

export interface UploadTarget {
  projectId: string;
  userId: string;
  backupId: string;
  /** The backup record's own hostname and backup name, which the header must repeat. */
  hostname?: string;
  backupName?: string;
}

interface DirRow {
  path: string;
  chunk?: SealedChunk;
  deleted: boolean;
}

function parseJson(line: string, n: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch (err) {
    throw badRequest(`line ${n}: not JSON: ${(err as Error).message}`);
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, n: number): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${formatPath(issue.path)}: ` : '';
  throw badRequest(`line ${n}: ${where}${issue?.message ?? 'invalid record'}`);
}

/**
 * A record line, checked by the schema's zod-free reader (a million lines through zod cost seconds);
 * a line it refuses goes through zod to name what is wrong.
 */
function parseRecord(line: string, n: number): CatalogRecord {
  const fast = parseCatalogLine(line);
  if (fast) return fast;
  const value = parseJson(line, n);
  // Choose the shape by its marker key, so the error names the real problem, not "no union member".
  const isDeletion = value !== null && typeof value === 'object' && 'deleted' in value;
  const record = isDeletion ? validate(CatalogDeletion, value, n) : validate(CatalogEntry, value, n);
  // Both readers apply the same rules, so zod accepting a line the fast one refused is a bug in one.
  throw badRequest(`line ${n}: invalid record ${JSON.stringify(record.path)}`);
}

/** Writes one point's catalog from its NDJSON, replacing any earlier catalog of that backup. */
export async function uploadCatalog(
  ctx: StoreContext,
  target: UploadTarget,
  body: AsyncIterable<Uint8Array | string>,
): Promise<number> {
  const batches = ndjsonLines(body);
  const firstBatch = await batches.next();
  const first = firstBatch.done ? undefined : firstBatch.value[0];
  if (!first) throw badRequest('line 1: the catalog is empty: expected a header line');
  const header = validate(CatalogHeader, parseJson(first.line, 1), first.n);
  if (target.hostname !== undefined && header.hostname !== target.hostname)
    throw badRequest(`line 1: hostname "${header.hostname}" is not the backup's "${target.hostname}"`);
  if (target.backupName !== undefined && header.backup_name !== target.backupName)
    throw badRequest(
      `line 1: backup_name "${header.backup_name}" is not the backup's "${target.backupName}"`,
    );

  const { catalogPoints: p } = ctx.t;
  const [point] = await ctx.tx((db) =>
    db
      .insert(p)
      .values({
        projectId: target.projectId,
        userId: target.userId,
        backupId: target.backupId,
        hostname: header.hostname,
        backupName: header.backup_name,
        level0TimeStamp: header.level0_time_stamp,
        level: header.level,
        timeStamp: header.time_stamp,
        parents: JSON.stringify(header.parents),
        entries: 0,
        status: 0,
      })
      .returning({ seq: p.seq }),
  );
  if (!point) throw new Error('catalog point insert returned no row');
  const writer = new PointWriter(ctx, target.projectId, point.seq);
  try {
    let entries = 0;
    const addAll = async (lines: NdjsonLine[]) => {
      for (const { line, n } of lines) {
        if (writer.add(parseRecord(line, n))) await writer.write();
        entries += 1;
      }
    };
    await addAll((firstBatch.value as NdjsonLine[]).slice(1));
    for await (const lines of batches) await addAll(lines);
    await writer.finish();
    await ctx.tx(async (db) => {
      // Only uploads that started before this one: of two at once, the later one wins.
      const earlier = await db
        .select({ seq: p.seq })
        .from(p)
        .where(and(eq(p.projectId, target.projectId), eq(p.backupId, target.backupId), lt(p.seq, point.seq)));
      await deletePoints(
        db,
        ctx.t,
        target.projectId,
        earlier.map((r) => r.seq),
      );
      await db.update(p).set({ entries, status: 1 }).where(eq(p.seq, point.seq));
    });
    return entries;
  } catch (err) {
    await ctx.tx((db) => deletePoints(db, ctx.t, target.projectId, [point.seq]));
    throw err;
  }
}

/** Groups a point's records per folder into sealed chunks and writes them in batches. */
class PointWriter {
  private readonly open = new Map<string, string[]>();
  private openLines = 0;
  private sealed: DirRow[] = [];
  private readonly dirsWithRows = new Set<string>();
  private readonly dirEntries = new Set<string>();

  constructor(
    private readonly ctx: StoreContext,
    private readonly projectId: string,
    private readonly pointSeq: number,
  ) {}

  /** True when enough chunks are sealed for `write()`. */
  add(record: CatalogRecord): boolean {
    const [dir, name] = splitPath(record.path);
    if ('deleted' in record) this.sealed.push({ path: record.path, deleted: true });
    else if (record.type === 'dir') this.dirEntries.add(record.path);
    let lines = this.open.get(dir);
    if (!lines) this.open.set(dir, (lines = []));
    lines.push(encodeRecord(record, name));
    this.openLines += 1;
    if (lines.length >= CHUNK_LINES) this.seal(dir);
    if (this.openLines >= PENDING_LINES) for (const d of [...this.open.keys()]) this.seal(d);
    return this.sealed.length >= WRITE_BATCH;
  }

  async finish(): Promise<void> {
    for (const d of [...this.open.keys()]) this.seal(d);
    // A folder that exists at this point but recorded nothing still gets a row: it can be listed.
    for (const d of this.dirEntries)
      if (!this.dirsWithRows.has(d)) this.sealed.push({ path: d, deleted: false });
    await this.write();
  }

  private seal(dir: string): void {
    const lines = this.open.get(dir);
    if (!lines) return;
    this.open.delete(dir);
    this.openLines -= lines.length;
    this.sealed.push({ path: dir, chunk: sealChunk(lines), deleted: false });
    this.dirsWithRows.add(dir);
  }

  async write(): Promise<void> {
    const rows = this.sealed;
    this.sealed = [];
    if (rows.length === 0) return;
    await this.ctx.tx(async (db) => {
      const seqByHash = await this.storeChunks(db, rows);
      const { catalogDirs: d } = this.ctx.t;
      for (let i = 0; i < rows.length; i += IN_BATCH) {
        await db.insert(d).values(
          rows.slice(i, i + IN_BATCH).map((r) => ({
            pointSeq: this.pointSeq,
            path: dirKey(r.path),
            chunkSeq: r.chunk ? (seqByHash.get(r.chunk.hash) ?? null) : null,
            deleted: r.deleted ? 1 : 0,
          })),
        );
      }
    });
  }

  /** Inserts the chunks the project does not have yet; returns every hash's chunk seq. */
  private async storeChunks(db: Db, rows: DirRow[]): Promise<Map<string, number>> {
    const { catalogChunks: c } = this.ctx.t;
    const byHash = new Map<string, SealedChunk>();
    for (const r of rows) if (r.chunk) byHash.set(r.chunk.hash, r.chunk);
    const seqByHash = new Map<string, number>();
    const hashes = [...byHash.keys()];
    for (let i = 0; i < hashes.length; i += IN_BATCH) {
      const batch = hashes.slice(i, i + IN_BATCH);
      const found = await db
        .select({ seq: c.seq, hash: c.hash })
        .from(c)
        .where(and(eq(c.projectId, this.projectId), inArray(c.hash, batch)));
      for (const f of found) seqByHash.set(f.hash, f.seq);
      const missing = batch.filter((h) => !seqByHash.has(h));
      if (missing.length === 0) continue;
      const inserted = await db
        .insert(c)
        .values(
          missing.flatMap((hash) => {
            const chunk = byHash.get(hash);
            return chunk ? [{ projectId: this.projectId, hash, body: chunk.body, names: chunk.names }] : [];
          }),
        )
        .returning({ seq: c.seq, hash: c.hash });
      for (const f of inserted) seqByHash.set(f.hash, f.seq);
    }
    return seqByHash;
  }
}
