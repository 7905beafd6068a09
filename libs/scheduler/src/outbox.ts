import { randomUUID } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  ApiError,
  isTransient,
  type FreezerApiClient,
  type JobSchedule,
  type RunRecord,
} from '@freezer/api-client';

/** One report to the API. Every kind is safe to deliver twice (PATCH, idempotent run_id / backup_uuid). */
export type OutboxItem =
  | { kind: 'patch-job'; jobId: string; body: Record<string, unknown> & { job_schedule: JobSchedule } }
  | { kind: 'backup'; jobId: string; metadata: Record<string, unknown>; catalogFile?: string }
  /** A point's file catalog (a file under spool/catalogs), for the backup record the API stored. */
  | { kind: 'catalog'; jobId: string; backupId: string; file: string }
  | { kind: 'run'; jobId: string; run: RunRecord }
  | { kind: 'session-end'; jobId: string; sessionId: string; tag: number; result: string };

export interface OutboxLog {
  info(msg: string): void;
  warn(msg: string): void;
}

/**
 * The on-disk result queue (`<stateDir>/spool`). Reports are written here first and delivered in order;
 * when the API is unreachable they wait for the next flush, so a result survives both an API outage and a
 * daemon restart. A report the API rejects for good (4xx) is moved to `spool/rejected/` and not retried.
 */
export class Outbox {
  private readonly dir: string;
  private seq = 0;
  private flushing: Promise<void> | null = null;
  private again = false;
  /** Counters for the status command and tests. */
  readonly stats = { delivered: 0, rejected: 0, pendingErrors: 0 };

  constructor(
    stateDir: string,
    private readonly api: FreezerApiClient,
    private readonly log: OutboxLog,
  ) {
    this.dir = join(stateDir, 'spool');
    mkdirSync(join(this.dir, 'rejected'), { recursive: true });
    mkdirSync(join(this.dir, 'catalogs'), { recursive: true });
    const last = this.files().at(-1);
    this.seq = last ? Number(last.split('-')[0]) : 0;
  }

  private files(): string[] {
    return readdirSync(this.dir)
      .filter((f) => /^\d{12}-.*\.json$/.test(f))
      .sort();
  }

  pending(): number {
    return this.files().length;
  }

  /** A fresh path for an agent's catalog: in the spool, so it outlives a daemon restart. */
  catalogPath(): string {
    return join(this.dir, 'catalogs', `${randomUUID()}.ndjson`);
  }

  /** Persists the item, then starts a delivery pass. */
  enqueue(item: OutboxItem): Promise<void> {
    this.persist(item);
    return this.flush();
  }

  private persist(item: OutboxItem): void {
    this.seq += 1;
    const name = `${String(this.seq).padStart(12, '0')}-${item.kind}.json`;
    const tmp = join(this.dir, `.${name}.tmp`);
    writeFileSync(tmp, JSON.stringify(item));
    renameSync(tmp, join(this.dir, name));
  }

  /** A report given up on takes its catalog file with it. */
  private dropFiles(item: OutboxItem): void {
    const file = item.kind === 'catalog' ? item.file : item.kind === 'backup' ? item.catalogFile : undefined;
    if (file) rmSync(file, { force: true });
  }

  /** Delivers everything queued, in order; stops at the first transient failure. */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async pass(): Promise<void> {
    for (const name of this.files()) {
      const path = join(this.dir, name);
      let item: OutboxItem;
      try {
        item = JSON.parse(readFileSync(path, 'utf8')) as OutboxItem;
      } catch {
        renameSync(path, join(this.dir, 'rejected', name));
        continue;
      }
      try {
        await this.deliver(item);
        unlinkSync(path);
        this.stats.delivered += 1;
      } catch (err) {
        if (isTransient(err) && item.kind === 'catalog') {
          // Catalogs are independent of every other report: one that cannot go up now waits
          // for the next pass without holding back the reports queued after it.
          this.stats.pendingErrors += 1;
          this.log.warn(`catalog upload for job ${item.jobId} postponed: ${(err as Error).message}`);
          continue;
        }
        if (isTransient(err)) {
          this.stats.pendingErrors += 1;
          this.log.warn(`API unavailable, ${this.pending()} report(s) queued: ${(err as Error).message}`);
          return;
        }
        const msg = err instanceof ApiError ? `${err.status} ${err.message}` : String(err);
        this.log.warn(`report ${item.kind} for job ${item.jobId} rejected: ${msg}`);
        renameSync(path, join(this.dir, 'rejected', name));
        this.dropFiles(item);
        this.stats.rejected += 1;
      }
    }
  }

  private async deliver(item: OutboxItem): Promise<void> {
    switch (item.kind) {
      case 'patch-job':
        await this.api.patchJob(item.jobId, item.body);
        return;
      case 'backup': {
        const backupId = await this.api.createBackup(item.metadata);
        if (item.catalogFile) {
          this.persist({ kind: 'catalog', jobId: item.jobId, backupId, file: item.catalogFile });
          this.again = true;
        }
        return;
      }
      case 'catalog':
        if (existsSync(item.file)) {
          await this.api.uploadCatalog(item.backupId, createReadStream(item.file));
          rmSync(item.file, { force: true });
        }
        return;
      case 'run':
        await this.api.postRun(item.jobId, item.run);
        return;
      case 'session-end':
        await this.api.endSession(item.sessionId, item.jobId, item.tag, item.result);
        return;
    }
  }
}
