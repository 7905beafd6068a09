import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiCall, expect, test } from './support/fixtures';
import { startScheduler, type SchedulerProcess } from './support/scheduler';
import { snap } from './support/screenshot';

const CLIENT = 'default_e2enow';
// 03:17 on 1 January: a cron slot that never comes during the test.
const CRON = { schedule_month: '1', schedule_day: '1', schedule_hour: '3', schedule_minute: '17' };

const runsIn = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

test.describe('back up now, with a real scheduler and agent', () => {
  let dir = '';
  let scheduler: SchedulerProcess | undefined;

  test.afterEach(async () => {
    await scheduler?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('runs a cron job at once and leaves its next scheduled run; works on a selection', async ({
    page,
    api,
  }) => {
    test.setTimeout(90_000);
    dir = mkdtempSync(join(tmpdir(), 'freezer-e2e-now-'));
    scheduler = startScheduler(api.url, CLIENT, join(dir, 'state'));
    const make = async (name: string) =>
      (
        await apiCall<{ job_id: string }>(api, 'POST', '/v2/default/jobs', {
          client_id: CLIENT,
          description: name,
          job_schedule: { ...CRON },
          job_actions: [
            { freezer_action: { action: 'exec', command: `echo ran >> ${join(dir, name)}` }, max_retries: 0 },
          ],
        })
      ).job_id;
    const nightly = await make('nightly');
    await make('weekly');
    await make('monthly');

    await page.goto(`/jobs/${nightly}`);
    const status = page.getByLabel('Job status');
    await expect(status).toContainText('scheduled', { timeout: 20_000 });
    const nextRun = page.getByLabel('Next run');
    const before = await nextRun.textContent();
    expect(before).toMatch(/-01-01 03:17/);
    await page.getByRole('button', { name: 'Back up now' }).click();
    await expect(page.getByLabel('Job result')).toContainText('success', { timeout: 30_000 });
    await expect(status).toContainText('scheduled');
    await expect(nextRun).toHaveText(before ?? '');
    expect(runsIn(join(dir, 'nightly'))).toEqual(['ran']);
    await page.getByRole('tab', { name: 'Runs' }).click();
    await expect(page.getByRole('table', { name: 'Run history' }).getByRole('row')).toHaveCount(2);
    await snap(page, test.info(), 'job-back-up-now');
    const job = await apiCall<{ job_schedule: Record<string, unknown> }>(
      api,
      'GET',
      `/v2/default/jobs/${nightly}`,
    );
    expect(job.job_schedule).toMatchObject({ ...CRON, status: 'scheduled', result: 'success' });
    expect(job.job_schedule.run_now).toBeUndefined();

    // Two jobs at once from the table's selection.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('checkbox', { name: 'Select weekly' }).check();
    await page.getByRole('checkbox', { name: 'Select monthly' }).check();
    await page.getByRole('button', { name: 'Back up now (2)' }).click();
    await expect(page.getByRole('row', { name: /weekly/ })).toContainText('success', { timeout: 30_000 });
    await expect(page.getByRole('row', { name: /monthly/ })).toContainText('success', { timeout: 30_000 });
    await expect(page.getByRole('row', { name: /weekly/ })).toContainText('scheduled');
    await snap(page, test.info(), 'jobs-back-up-now-selection');
    expect(runsIn(join(dir, 'weekly'))).toEqual(['ran']);
    expect(runsIn(join(dir, 'monthly'))).toEqual(['ran']);
    expect(runsIn(join(dir, 'nightly'))).toEqual(['ran']);
  });
});
