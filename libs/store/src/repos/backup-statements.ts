import { and, eq, sql } from 'drizzle-orm';
import type { Scope } from '../context.js';
import type { Db } from '../db.js';
import type { backups } from '../tables.js';

export type BackupInsert = typeof backups.$inferInsert;

const ph = (name: string) => sql.placeholder(name);
// Insert value types only accept values or SQL, so placeholders are wrapped in an SQL fragment.
const valuePh = (name: string) => sql`${sql.placeholder(name)}`;

/**
 * SQLite prepared statements for `POST /backups` (every scheduler run posts one): the
 * backup_uuid lookup that makes retries safe, and the insert. One connection, so they also
 * serve inside the store's transactions.
 */
export class SqliteBackupStatements {
  private readonly byUuidOwn;
  private readonly byUuidShared;
  private readonly insertRow;

  constructor(db: Db, t: typeof backups) {
    const byUuid = (withUser: boolean) =>
      db
        .select({ backupId: t.backupId })
        .from(t)
        .where(
          and(
            eq(t.projectId, ph('projectId')),
            withUser ? eq(t.userId, ph('userId')) : undefined,
            eq(t.backupUuid, ph('backupUuid')),
          ),
        )
        .limit(1)
        .prepare();
    this.byUuidOwn = byUuid(true);
    this.byUuidShared = byUuid(false);
    this.insertRow = db
      .insert(t)
      .values({
        projectId: valuePh('projectId'),
        userId: valuePh('userId'),
        backupId: valuePh('backupId'),
        userName: valuePh('userName'),
        jobId: valuePh('jobId'),
        backupUuid: valuePh('backupUuid'),
        hostname: valuePh('hostname'),
        timeStamp: valuePh('timeStamp'),
        bytesStored: valuePh('bytesStored'),
        result: valuePh('result'),
        doc: valuePh('doc'),
      })
      .prepare();
  }

  backupIdByUuid(scope: Scope, backupUuid: string): string | undefined {
    const row = scope.sharedProject
      ? this.byUuidShared.get({ projectId: scope.projectId, backupUuid })
      : this.byUuidOwn.get({ projectId: scope.projectId, userId: scope.userId, backupUuid });
    return row?.backupId;
  }

  insert(values: Required<Omit<BackupInsert, 'seq'>>): void {
    this.insertRow.run(values);
  }
}
