import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completed, isoIn, PROJECT, workDir } from './support/fixtures.js';
import { useSchedulerNode } from './support/node.js';

const dir = workDir();
const CLIENT = `${PROJECT}_node-backup`;
const node = useSchedulerNode(CLIENT);

describe('backup jobs', () => {
  it('a scheduled local fs backup posts the agent metadata (with metrics) as backups of the job', async () => {
    const src = join(dir, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'a.txt'), 'alpha\n'.repeat(5000));
    const start = isoIn(3000);
    const end = new Date(Date.parse(start) + 4000).toISOString().replace('.000Z', 'Z');
    const id = await node.api.createJob({
      client_id: CLIENT,
      description: 'fs backup',
      job_schedule: { schedule_interval: '4 seconds', schedule_start_date: start, schedule_end_date: end },
      job_actions: [
        {
          freezer_action: {
            action: 'backup',
            mode: 'fs',
            storage: 'local',
            container: join(dir, 'repo'),
            path_to_backup: src,
            backup_name: 'nightly',
            hostname: 'node-backup',
            max_level: 3,
          },
          max_retries: 1,
          max_retries_interval: 1,
        },
      ],
    });
    const done = await completed(node.api, id);
    expect(done.job_schedule.result).toBe('success');
    const backups = (await node.api.listAllBackups()).filter((b) => b.backup_metadata.job_id === id);
    expect(backups).toHaveLength(2);
    const levels = backups.map((b) => b.backup_metadata.curr_backup_level).sort();
    expect(levels).toEqual([0, 1]);
    for (const b of backups) {
      expect(b.backup_metadata).toMatchObject({
        backup_name: 'nightly',
        hostname: 'node-backup',
        result: 'success',
      });
      expect(b.backup_metadata.bytes_read).toBeGreaterThan(0);
    }
    // Level 0 holds the file; level 1 of an unchanged tree holds none.
    const full = backups.find((b) => b.backup_metadata.curr_backup_level === 0);
    expect(full?.backup_metadata.files).toBe(1);
    const runs = await node.api.listRuns(id);
    expect(runs).toHaveLength(2);
    expect(runs?.[0]?.actions[0]?.metadata?.backup_name).toBe('nightly');
  });

  it("forwards the agent's progress to the API, the last event at 100 %", async () => {
    const src = join(dir, 'big');
    mkdirSync(src);
    for (let i = 0; i < 4; i++) writeFileSync(join(src, `f${i}.bin`), randomBytes(1024 * 1024));
    const start = isoIn(2000);
    const id = await node.api.createJob({
      client_id: CLIENT,
      description: 'progress',
      job_schedule: { schedule_date: start },
      job_actions: [
        {
          freezer_action: {
            action: 'backup',
            mode: 'fs',
            storage: 'local',
            container: join(dir, 'repo-progress'),
            path_to_backup: src,
            backup_name: 'progress',
            hostname: 'node-backup',
            compression: 'none',
            // About 3 s of upload: events flow while it runs.
            upload_limit: 1400 * 1024,
          },
        },
      ],
    });
    const seen = new Set<number>();
    const watching = setInterval(() => {
      void node.api.listProgress().then((list) => {
        for (const p of list) if (p.job_id === id && p.percent !== undefined) seen.add(p.percent);
      });
    }, 300);
    const done = await completed(node.api, id).finally(() => clearInterval(watching));
    expect(done.job_schedule.result).toBe('success');
    const last = (await node.api.listProgress()).find((p) => p.job_id === id);
    expect(last).toMatchObject({ phase: 'done', action: 'backup', percent: 100, files_total: 5 });
    expect(last?.bytes_read).toBeGreaterThan(4 * 1024 * 1024);
    expect(last?.bytes_stored).toBeGreaterThan(4 * 1024 * 1024);
    // Seen while running, below 100.
    expect([...seen].some((p) => p > 0 && p < 100)).toBe(true);
  });
});
