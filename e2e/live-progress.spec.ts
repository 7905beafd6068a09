import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiCall, expect, test } from './support/fixtures';
import { startScheduler, type SchedulerProcess } from './support/scheduler';
import { snap } from './support/screenshot';

const CLIENT = 'default_e2eprogress';
const MIB = 1024 * 1024;

test.describe('live progress of a 500 MB backup, with a real scheduler and agent', () => {
  let dir = '';
  let scheduler: SchedulerProcess | undefined;

  test.afterEach(async () => {
    await scheduler?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the job shows a progress bar that moves and ends at 100 %; its Runs table fits 1280 px', async ({
    page,
    api,
  }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    dir = mkdtempSync(join(tmpdir(), 'freezer-e2e-progress-'));
    const src = join(dir, 'src');
    mkdirSync(src);
    // Random data (no sparse files, nothing to compress): 5 files of 100 MiB.
    for (let i = 0; i < 5; i++)
      execFileSync('sh', ['-c', `head -c ${100 * MIB} /dev/urandom > ${join(src, `part${i}.bin`)}`]);
    scheduler = startScheduler(api.url, CLIENT, join(dir, 'state'));
    const { job_id: jobId } = await apiCall<{ job_id: string }>(api, 'POST', '/v2/default/jobs', {
      client_id: CLIENT,
      description: 'big-backup',
      job_schedule: {},
      job_actions: [
        {
          freezer_action: {
            action: 'backup',
            backup_name: 'big',
            path_to_backup: src,
            container: join(dir, 'repo'),
            compression: 'none',
            max_segment_size: 8 * MIB,
            // ~12 s at 40 MiB/s: long enough to watch the bar move.
            upload_limit: 40 * MIB,
          },
          max_retries: 0,
        },
      ],
    });

    await page.goto(`/jobs/${jobId}`);
    const bar = page.getByRole('progressbar', { name: 'backup progress' });
    await expect(bar).toBeVisible({ timeout: 60_000 });
    // The same run on the Jobs table (a compact bar in its row) and the Overview (Running now).
    const side = await page.context().newPage();
    await side.setViewportSize({ width: 1280, height: 800 });
    await side.goto('/jobs');
    const row = side.getByRole('row', { name: /big-backup/ });
    await expect(row.getByRole('progressbar', { name: 'backup progress' })).toBeVisible({ timeout: 20_000 });
    await snap(side, test.info(), 'jobs-progress');
    await side.goto('/');
    const runningNow = side.getByRole('region', { name: 'Running now' });
    await expect(runningNow.getByRole('row', { name: /big-backup/ }).getByRole('progressbar')).toBeVisible({
      timeout: 20_000,
    });
    await snap(side, test.info(), 'overview-running-now');
    await side.close();
    const seen = new Set<number>();
    let shot = false;
    // Watch it until it ends: every value a number, going up, some strictly between 0 and 100.
    await expect(async () => {
      const now = Number(await bar.getAttribute('aria-valuenow'));
      if (Number.isFinite(now)) seen.add(now);
      if (!shot && now > 20 && now < 90) {
        shot = true;
        await snap(page, test.info(), 'job-progress');
      }
      expect(now).toBe(100);
    }).toPass({ timeout: 120_000, intervals: [250] });
    const values = [...seen].sort((a, b) => a - b);
    expect(values.filter((v) => v > 0 && v < 100).length).toBeGreaterThanOrEqual(2);
    await expect(page.getByLabel('Job status')).toContainText(/\d+(\.\d)? MB\/s|100 % · .* · done/);
    await expect(page.getByLabel('Job result')).toContainText('success', { timeout: 30_000 });

    // The Runs tables stay within the 1280 px viewport: this job's, and one whose failure reason is a
    // long path without a space to break at.
    const missing = join(dir, `${'a-very-long-directory-name-'.repeat(6)}that-does-not-exist`);
    const { job_id: failing } = await apiCall<{ job_id: string }>(api, 'POST', '/v2/default/jobs', {
      client_id: CLIENT,
      description: 'broken-long-path',
      job_schedule: {},
      job_actions: [
        {
          freezer_action: {
            action: 'backup',
            backup_name: 'b',
            path_to_backup: missing,
            container: join(dir, 'r'),
          },
          max_retries: 0,
        },
      ],
    });
    for (const [id, name] of [
      [jobId, 'job-runs-1280'],
      [failing, 'job-runs-failed-1280'],
    ] as const) {
      await page.goto(`/jobs/${id}`);
      await expect(page.getByLabel('Job result')).toContainText(/success|fail/, { timeout: 30_000 });
      await page.getByRole('tab', { name: 'Runs' }).click();
      const history = page.getByRole('table', { name: 'Run history' });
      await expect(history.getByRole('row')).toHaveCount(2);
      const box = await history.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(1280);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
      await snap(page, test.info(), name);
    }
  });
});
