import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tables } from '../db.js';

const IN_BATCH = 500;

/** Deletes points with their folder rows, and the chunks no other point of the project shares. */
export async function deletePoints(db: Db, t: Tables, projectId: string, pointSeqs: number[]): Promise<void> {
  if (pointSeqs.length === 0) return;
  const { catalogPoints: p, catalogDirs: d, catalogChunks: c } = t;
  const chunkSeqs = new Set<number>();
  for (let i = 0; i < pointSeqs.length; i += IN_BATCH) {
    const batch = pointSeqs.slice(i, i + IN_BATCH);
    const used = await db.selectDistinct({ seq: d.chunkSeq }).from(d).where(inArray(d.pointSeq, batch));
    for (const u of used) if (u.seq !== null) chunkSeqs.add(u.seq);
    await db.delete(d).where(inArray(d.pointSeq, batch));
    await db.delete(p).where(inArray(p.seq, batch));
  }
  const chunks = [...chunkSeqs];
  for (let i = 0; i < chunks.length; i += IN_BATCH) {
    await db
      .delete(c)
      .where(
        and(
          eq(c.projectId, projectId),
          inArray(c.seq, chunks.slice(i, i + IN_BATCH)),
          sql`not exists (select 1 from ${d} where ${d.chunkSeq} = ${c.seq})`,
        ),
      );
  }
}
