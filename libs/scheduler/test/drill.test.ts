// Restore drills on a real node: scheduler + agent + our API. A drill job verifying a backup job
// records a passing drill with its restore time; after a segment is corrupted the next drill fails with
// the reason; a drill aborted mid-way (killed by the scheduler) leaves no sandbox.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FreezerAction } from '@freezer/api-client';
import { flipByte, waitFor } from '@freezer/testkit';
import { describe, expect, it } from 'vitest';
import { completed, PROJECT, workDir } from './support/fixtures.js';
import { useSchedulerNode } from './support/node.js';

const dir = workDir();
const CLIENT = `${PROJECT}_node-drill`;
const node = useSchedulerNode(CLIENT);
const repo = join(dir, 'repo');
const drillRoot = join(dir, 'drills');
const storage = {
  storage: 'local',
  container: repo,
  backup_name: 'nightly',
  hostname: 'node-drill',
} as const;

/** A drill job for `backupJob`, run once now. */
function drillJob(backupJob: string, extra: FreezerAction = {}): Promise<string> {
  return node.api.createJob({
    client_id: CLIENT,
    description: 'verify nightly',
    verifies_job_id: backupJob,
    job_schedule: {},
    job_actions: [
      { freezer_action: { action: 'drill', ...storage, drill_root: drillRoot, ...extra }, max_retries: 0 },
    ],
  });
}

describe('restore drills through the scheduler', () => {
  let backupJob = '';

  it('a drill of a good backup passes, records its RTO and proves the backup job restorable', async () => {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), 'alpha\n'.repeat(20_000));
    writeFileSync(join(src, 'sub/b.bin'), Buffer.alloc(50_000, 7));
    backupJob = await node.api.createJob({
      client_id: CLIENT,
      description: 'nightly',
      rpo_seconds: 86_400,
      rto_seconds: 600,
      job_schedule: {},
      job_actions: [{ freezer_action: { action: 'backup', mode: 'fs', path_to_backup: src, ...storage } }],
    });
    expect((await completed(node.api, backupJob)).job_schedule.result).toBe('success');

    const drill = await drillJob(backupJob);
    expect((await completed(node.api, drill)).job_schedule.result).toBe('success');
    const [record] = await node.api.listDrills({ jobId: backupJob });
    expect(record).toMatchObject({
      job_id: drill,
      verified_job_id: backupJob,
      client_id: CLIENT,
      result: 'success',
    });
    expect(record?.restore_seconds).toBeGreaterThan(0);
    expect(record?.report).toMatchObject({ catalog: true, mismatch_count: 0, curr_backup_level: 0 });
    expect(record?.report.entries_checked).toBe(3);
    expect(record?.report.rate_bps).toBeGreaterThan(0);
    const status = (await node.api.drillStatus()).find((s) => s.verified_job_id === backupJob);
    expect(status?.last_success?.drill_id).toBe(record?.drill_id);
    expect(readdirSync(drillRoot)).toEqual([]);
    // The targets are kept on the job.
    expect(await node.api.getJob(backupJob)).toMatchObject({ rpo_seconds: 86_400, rto_seconds: 600 });
  });

  it('a drill of a backup whose segment was corrupted fails with the reason', async () => {
    const chainDir = join(repo, 'data/tar/node-drill_nightly');
    const chain = readdirSync(chainDir)[0] as string;
    const level = readdirSync(join(chainDir, chain))[0] as string;
    const data = join(chainDir, chain, level, 'data');
    flipByte(data, 64);

    const drill = await drillJob(backupJob);
    expect((await completed(node.api, drill)).job_schedule.result).toBe('fail');
    const [record] = await node.api.listDrills({ jobId: backupJob });
    expect(record).toMatchObject({ job_id: drill, result: 'fail' });
    expect(record?.error).toMatch(/^restore failed: /);
    const status = (await node.api.drillStatus()).find((s) => s.verified_job_id === backupJob);
    expect(status?.last.drill_id).toBe(record?.drill_id);
    expect(status?.last_success?.result).toBe('success'); // still the earlier proof
    const [run] = (await node.api.listRuns(drill)) ?? [];
    expect(run?.actions[0]?.error).toBe(record?.error);
  });

  it('a drill aborted mid-way leaves no sandbox', async () => {
    const src = join(dir, 'src');
    const fresh = { ...storage, backup_name: 'fresh' };
    const backup = await node.api.createJob({
      client_id: CLIENT,
      job_schedule: {},
      job_actions: [{ freezer_action: { action: 'backup', mode: 'fs', path_to_backup: src, ...fresh } }],
    });
    expect((await completed(node.api, backup)).job_schedule.result).toBe('success');
    const marker = join(dir, 'probe-started');
    const drill = await drillJob(backup, { ...fresh, drill_probe: `touch ${marker}; sleep 60` });
    await waitFor(
      'probe running in the sandbox',
      () => existsSync(marker) && readdirSync(drillRoot).length === 1,
    );
    await node.api.jobEvent(drill, 'abort');
    expect((await completed(node.api, drill, 20_000)).job_schedule.result).toBe('aborted');
    expect(readdirSync(drillRoot)).toEqual([]);
    const [record] = await node.api.listDrills({ jobId: backup });
    expect(record).toMatchObject({ job_id: drill, result: 'fail' });
  });
});
