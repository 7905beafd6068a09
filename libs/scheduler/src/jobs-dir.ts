import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FreezerApiClient, NewJob } from '@freezer/api-client';
import type { Logger } from './log.js';

/**
 * Uploads the job files (`*.json`) of `--jobs-dir` to the API on start and whenever a file changes. A file
 * without `job_id` gets a stable id derived from client and file name, so re-uploads replace the same job
 * instead of creating new ones; an unchanged file is never re-uploaded (that would re-arm it).
 */
export class JobsDirSync {
  private readonly hashesFile: string;
  private hashes: Record<string, string> = {};

  constructor(
    private readonly dir: string,
    stateDir: string,
    private readonly clientId: string,
    private readonly api: FreezerApiClient,
    private readonly log: Logger,
  ) {
    this.hashesFile = join(stateDir, 'uploaded-jobs.json');
    try {
      this.hashes = JSON.parse(readFileSync(this.hashesFile, 'utf8')) as Record<string, string>;
    } catch {
      this.hashes = {};
    }
  }

  static stableJobId(clientId: string, file: string): string {
    return createHash('sha256').update(`${clientId}\0${file}`).digest('hex').slice(0, 32);
  }

  async sync(): Promise<number> {
    if (!existsSync(this.dir)) return 0;
    let uploaded = 0;
    for (const file of readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const text = readFileSync(join(this.dir, file), 'utf8');
      const hash = createHash('sha256').update(text).digest('hex');
      if (this.hashes[file] === hash) continue;
      let doc: NewJob;
      try {
        doc = JSON.parse(text) as NewJob;
        if (!doc || typeof doc !== 'object' || !Array.isArray(doc.job_actions))
          throw new Error('no job_actions list');
      } catch (err) {
        this.log.error(`jobs dir: ${file} is not a job document: ${(err as Error).message}`);
        this.hashes[file] = hash;
        continue;
      }
      const clientId = typeof doc.client_id === 'string' && doc.client_id ? doc.client_id : this.clientId;
      doc.client_id = clientId;
      doc.job_id ??= JobsDirSync.stableJobId(clientId, file);
      doc.job_schedule ??= {};
      try {
        const id = await this.api.createJob(doc);
        this.log.info(`jobs dir: uploaded ${file} as job ${id}`);
        this.hashes[file] = hash;
        uploaded += 1;
      } catch (err) {
        this.log.error(`jobs dir: upload of ${file} failed: ${(err as Error).message}`);
      }
    }
    writeFileSync(this.hashesFile, JSON.stringify(this.hashes, null, 1));
    return uploaded;
  }
}
