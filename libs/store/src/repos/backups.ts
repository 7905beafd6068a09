import type { AgentBackupMetadata, BackupCreate, BackupDoc } from '@freezer/schema';
import { and, eq, type SQL } from 'drizzle-orm';
import { type Scope, type StoreContext, newId, parseDoc } from '../context.js';
import { EMPTY_SEARCH, type Page, type Search } from '../search.js';
import { backups } from '../tables.js';
import { runList } from './list.js';

export interface BackupCreated {
  backupId: string;
  /** False when an existing backup with the same `backup_uuid` was returned instead. */
  created: boolean;
}

export class BackupsRepo {
  constructor(private readonly ctx: StoreContext) {}

  private scopeWhere(scope: Scope): SQL[] {
    return [eq(backups.projectId, scope.projectId), eq(backups.userId, scope.userId)];
  }

  async get(scope: Scope, backupId: string): Promise<BackupDoc | undefined> {
    const row = this.ctx.db
      .select({ doc: backups.doc })
      .from(backups)
      .where(and(...this.scopeWhere(scope), eq(backups.backupId, backupId)))
      .get();
    return row && parseDoc<BackupDoc>(row.doc);
  }

  async list(
    scope: Scope,
    search: Search = EMPTY_SEARCH,
    page: Page = { limit: 10, offset: 0 },
  ): Promise<BackupDoc[]> {
    return runList({
      scopeWhere: this.scopeWhere(scope),
      search,
      page,
      canonical: {
        backup_id: backups.backupId,
        job_id: backups.jobId,
        backup_uuid: backups.backupUuid,
        hostname: backups.hostname,
      },
      query: (where, p) => {
        const q = this.ctx.db.select({ doc: backups.doc }).from(backups).where(where).orderBy(backups.seq);
        return (p ? q.limit(p.limit).offset(p.offset) : q).all();
      },
      toDoc: (row) => parseDoc<BackupDoc>(row.doc),
    });
  }

  /**
   * Stores the metadata. A repeated `backup_uuid` returns the existing backup (scheduler retries
   * are safe). A missing `time_stamp` is set to now: the stock CLI's backup-list needs one.
   */
  async create(scope: Scope, userName: string, body: BackupCreate): Promise<BackupCreated> {
    return this.ctx.db.transaction(() => {
      if (body.backup_uuid !== undefined) {
        const existing = this.ctx.db
          .select({ backupId: backups.backupId })
          .from(backups)
          .where(and(...this.scopeWhere(scope), eq(backups.backupUuid, body.backup_uuid)))
          .get();
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
      this.ctx.db
        .insert(backups)
        .values({
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
        })
        .run();
      return { backupId, created: true };
    });
  }

  async delete(scope: Scope, backupId: string): Promise<void> {
    this.ctx.db
      .delete(backups)
      .where(and(...this.scopeWhere(scope), eq(backups.backupId, backupId)))
      .run();
  }
}
