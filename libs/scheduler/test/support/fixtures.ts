import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FreezerApiClient, type JobAction, type JobDoc } from '@freezer/api-client';
import { httpTransport } from '@freezer/scheduler';
import { waitFor } from '@freezer/testkit';

export const PROJECT = 'p1';
export const TOKEN = 'test-token';

export function apiClient(url: string): FreezerApiClient {
  return new FreezerApiClient({
    apiUrl: url,
    projectId: PROJECT,
    token: TOKEN,
    transport: httpTransport(),
  });
}

export function workDir(): string {
  return mkdtempSync(join(tmpdir(), 'sched-work-'));
}

/** An exec action of our agent; `command` runs under /bin/sh. */
export function exec(command: string, extra: Partial<JobAction> = {}): JobAction {
  return { freezer_action: { action: 'exec', command }, max_retries: 0, max_retries_interval: 1, ...extra };
}

export function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** Waits until the job's status is completed (it then leaves the scheduler's poll). */
export function completed(api: FreezerApiClient, jobId: string, timeoutMs = 90_000): Promise<JobDoc> {
  return waitFor(
    `job ${jobId} completed`,
    async () => {
      const j = await api.getJob(jobId);
      return j?.job_schedule?.status === 'completed' ? j : null;
    },
    timeoutMs,
  );
}

/** Schedule dates with explicit UTC, second precision. */
export function isoIn(ms: number): string {
  return new Date(Math.ceil((Date.now() + ms) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
