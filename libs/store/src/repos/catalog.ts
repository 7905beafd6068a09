import {
  type BackupDoc,
  type CatalogListQuery,
  type CatalogRestoreRequest,
  type CatalogRestoreResult,
  type CatalogSearchQuery,
  type CatalogSearchResult,
  type CatalogUploadResult,
  type FreezerAction,
  type JobCreate,
} from '@freezer/schema';
import { and, eq } from 'drizzle-orm';
import { type Scope, type StoreContext, parseDoc } from '../context.js';
import { type ListingResult, listDirectory } from '../catalog/catalog-listing.js';
import { searchCatalog } from '../catalog/catalog-search.js';
import { uploadCatalog } from '../catalog/catalog-upload.js';
import { badRequest, notFound } from '../errors.js';
import type { JobsRepo } from './jobs.js';
import { scopeWhere } from './scope-where.js';

/** Keys of the backup record a restore of it needs to reach the same storage. */
const STORAGE_KEYS = [
  'ssh_host',
  'ssh_username',
  'ssh_key',
  'ssh_port',
  'encrypt_pass_file',
  'endpoint',
  'mode',
];

const isoSeconds = (s: number): string => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

export class CatalogRepo {
  constructor(
    private readonly ctx: StoreContext,
    private readonly jobs: JobsRepo,
  ) {}

  private async backup(scope: Scope, backupId: string): Promise<BackupDoc> {
    const b = this.ctx.t.backups;
    const [row] = await this.ctx.db
      .select({ doc: b.doc })
      .from(b)
      .where(and(...scopeWhere(b, scope), eq(b.backupId, backupId)))
      .limit(1);
    if (!row) throw notFound(`Backup not found with ID ${backupId}`);
    return parseDoc<BackupDoc>(row.doc);
  }

  /** Stores a backup's catalog from its NDJSON stream, replacing an earlier one. */
  async upload(
    scope: Scope,
    backupId: string,
    body: AsyncIterable<Uint8Array | string>,
  ): Promise<CatalogUploadResult> {
    const doc = await this.backup(scope, backupId);
    const entries = await uploadCatalog(
      this.ctx,
      {
        projectId: scope.projectId,
        userId: doc.user_id,
        backupId,
        hostname: doc.backup_metadata.hostname,
        backupName: doc.backup_metadata.backup_name,
      },
      body,
    );
    return { backup_id: backupId, entries };
  }

  async list(scope: Scope, backupId: string, query: CatalogListQuery): Promise<ListingResult> {
    await this.backup(scope, backupId);
    return listDirectory(this.ctx, scope, backupId, query);
  }

  async search(scope: Scope, query: CatalogSearchQuery): Promise<CatalogSearchResult> {
    return searchCatalog(this.ctx, scope, query);
  }

  /**
   * Creates and starts a one-shot job restoring a selection of a backup point, on the backup's own
   * client (the client of the job that made it) unless another is named.
   */
  async restore(scope: Scope, backupId: string, req: CatalogRestoreRequest): Promise<CatalogRestoreResult> {
    const doc = await this.backup(scope, backupId);
    const m = doc.backup_metadata;
    if (m.result === 'fail')
      throw badRequest(`backup ${backupId} failed: there is nothing to restore from it`);
    if (m.time_stamp === undefined)
      throw badRequest(`backup ${backupId} has no time_stamp: its point is unknown`);
    const clientId = req.client_id ?? (await this.clientOf(scope, doc));
    if (!clientId)
      throw badRequest(`backup ${backupId} names no client that made it: give "client_id" to restore it`);
    const target = req.restore_abs_path ?? m.fs_real_path ?? m.path_to_backup ?? undefined;
    if (!target?.startsWith('/'))
      throw badRequest(`backup ${backupId} records no absolute backed-up path: give "restore_abs_path"`);
    const fa: FreezerAction = {
      action: 'restore',
      storage: (m.storage ?? 'local') as FreezerAction['storage'],
      container: m.container ?? null,
      backup_name: m.backup_name ?? null,
      hostname: m.hostname ?? null,
      restore_abs_path: target,
      restore_from_date: isoSeconds(m.time_stamp),
      restore_paths: req.paths.join(','),
      overwrite: req.overwrite ?? false,
    };
    if (m.engine_name) fa.engine_name = m.engine_name;
    for (const k of STORAGE_KEYS) {
      const v = (m as Record<string, unknown>)[k];
      if (v !== undefined && v !== null && v !== '') fa[k] = v;
    }
    const job: JobCreate = {
      client_id: clientId,
      description: `restore ${req.paths.length} path(s) of ${m.backup_name ?? backupId} at ${isoSeconds(m.time_stamp)} to ${target}`,
      job_schedule: {},
      job_actions: [{ freezer_action: fa, max_retries: 1, max_retries_interval: 10, mandatory: true }],
    };
    const jobId = await this.jobs.create(scope, job);
    await this.jobs.event(scope, jobId, { start: null });
    return { job_id: jobId, client_id: clientId };
  }

  /** The client of the job that made the backup, else a registered client with its hostname. */
  private async clientOf(scope: Scope, doc: BackupDoc): Promise<string | undefined> {
    const jobId = doc.backup_metadata.job_id;
    if (jobId) {
      const j = this.ctx.t.jobs;
      const [row] = await this.ctx.db
        .select({ clientId: j.clientId })
        .from(j)
        .where(and(...scopeWhere(j, scope), eq(j.jobId, jobId)))
        .limit(1);
      if (row) return row.clientId;
    }
    const host = doc.backup_metadata.hostname;
    if (!host) return undefined;
    const c = this.ctx.t.clients;
    const [row] = await this.ctx.db
      .select({ clientId: c.clientId })
      .from(c)
      .where(and(...scopeWhere(c, scope), eq(c.hostname, host)))
      .limit(1);
    return row?.clientId;
  }
}
