import type { AgentBackupMetadata, BackupCreate, BackupDoc } from '@freezer/schema';
import { and, eq } from 'drizzle-orm';
import { type Scope, type StoreContext, newId, parseDoc } from '../context.js';
import type { Tables } from '../db.js';
import type { Page, Search } from '../search.js';
import { SqliteBackupStatements } from './backup-statements.js';
import { deletePoints } from '../catalog/catalog-delete.js';
import { listDocs, scopedRow, type ListSpecOf } from './doc-table.js';
import type { ListView } from './list-order.js';
import { scopeWhere } from './scope-where.js';

export interface BackupCreated {
  backupId: string;
  /** False when an existing backup with the same `backup_uuid` was returned instead. */
  created: boolean;
}

const listing: ListSpecOf<Tables['backups'], BackupDoc> = (t) => ({
  canonical: {
    backup_id: t.backupId,
    job_id: t.jobId,
    backup_uuid: t.backupUuid,
    hostname: t.hostname,
  },
  sortable: {
    time_stamp: t.timeStamp,
    hostname: t.hostname,
    bytes_stored: t.bytesStored,
    job_id: t.jobId,
  },
  toDoc: (row) => parseDoc<BackupDoc>(row.doc),
});

export class BackupsRepo {
  constructor(private readonly ctx: StoreContext) {}

  private get t() {
    return this.ctx.t.backups;
  }

  async get(scope: Scope, backupId: string): Promise<BackupDoc | undefined> {
    const row = await scopedRow(this.ctx.db, this.t, scope, this.t.backupId, backupId);
    return row && parseDoc<BackupDoc>(row.doc);
  }

  async list(scope: Scope, search?: Search, page?: Page, view?: ListView): Promise<BackupDoc[]> {
    return listDocs(this.ctx.db, this.t, scope, { search, page, view }, listing);
  }

  /**
   * Stores the metadata. A repeated `backup_uuid` returns the existing backup (scheduler retries
   * are safe). A missing `time_stamp` is set to now: the stock CLI's backup-list needs one.
   */
  private sqliteStatements?: SqliteBackupStatements;

  /** Prepared statements of the create path, on SQLite only. */
  private get sqlite(): SqliteBackupStatements | undefined {
    if (this.ctx.dialect !== 'sqlite') return undefined;
    this.sqliteStatements ??= new SqliteBackupStatements(this.ctx.db, this.t);
    return this.sqliteStatements;
  }

  async create(scope: Scope, userName: string, body: BackupCreate): Promise<BackupCreated> {
    const prepared = this.sqlite;
    return this.ctx.tx(async (db) => {
      if (body.backup_uuid !== undefined && prepared) {
        const existing = prepared.backupIdByUuid(scope, body.backup_uuid);
        if (existing !== undefined) return { backupId: existing, created: false };
      } else if (body.backup_uuid !== undefined) {
        const [existing] = await db
          .select({ backupId: this.t.backupId })
          .from(this.t)
          .where(and(...scopeWhere(this.t, scope), eq(this.t.backupUuid, body.backup_uuid)))
          .limit(1);
        if (existing) return { backupId: existing.backupId, created: false };
      }
      const backupId = newId();
      const metadata: AgentBackupMetadata = { ...body, time_stamp: body.time_stamp ?? this.ctx.now() };
      const doc: BackupDoc = {
        project_id: scope.projectId,
        user_id: scope.userId,
        backup_id: backupId,
        user_name: userName,
        backup_metadata: metadata,
      };
      const row = {
        projectId: scope.projectId,
        userId: scope.userId,
        backupId,
        userName,
        jobId: typeof body.job_id === 'string' ? body.job_id : null,
        backupUuid: body.backup_uuid ?? null,
        hostname: body.hostname,
        timeStamp: metadata.time_stamp ?? null,
        bytesStored: body.bytes_stored ?? null,
        result: body.result ?? null,
        doc: JSON.stringify(doc),
      };
      if (prepared) prepared.insert(row);
      else await db.insert(this.t).values(row);
      return { backupId, created: true };
    });
  }

  /** Deletes the metadata and the backup's file catalog with it. */
  async delete(scope: Scope, backupId: string): Promise<void> {
    const p = this.ctx.t.catalogPoints;
    await this.ctx.tx(async (db) => {
      const deleted = await db
        .delete(this.t)
        .where(and(...scopeWhere(this.t, scope), eq(this.t.backupId, backupId)))
        .returning({ backupId: this.t.backupId });
      if (deleted.length === 0) return;
      const points = await db
        .select({ seq: p.seq })
        .from(p)
        .where(and(...scopeWhere(p, scope), eq(p.backupId, backupId)));
      await deletePoints(
        db,
        this.ctx.t,
        scope.projectId,
        points.map((r) => r.seq),
      );
    });
  }
}
