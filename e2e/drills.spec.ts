import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiCall, expect, test } from './support/fixtures';
import { startScheduler, type SchedulerProcess } from './support/scheduler';
import { snap } from './support/screenshot';

const CLIENT = 'default_e2edrill';

test.describe('restore drills and the RPO/RTO page, with a real scheduler and agent', () => {
  let dir = '';
  let scheduler: SchedulerProcess | undefined;

  test.afterEach(async () => {
    await scheduler?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a backup job made with "verify by restore" shows as verified on the RPO/RTO page', async ({
    page,
    api,
  }) => {
    test.setTimeout(120_000);
    dir = mkdtempSync(join(tmpdir(), 'freezer-e2e-drill-'));
    mkdirSync(join(dir, 'src/docs'), { recursive: true });
    writeFileSync(join(dir, 'src/docs/readme.txt'), 'restore me\n'.repeat(1000));
    writeFileSync(join(dir, 'src/data.bin'), Buffer.alloc(200_000, 3));
    scheduler = startScheduler(api.url, CLIENT, join(dir, 'state'));

    await page.goto('/jobs/new');
    await page.getByLabel('Client').fill(CLIENT);
    await page.getByLabel('Job name').fill('docs');
    await page.getByLabel('RPO target (hours)').fill('24');
    await page.getByLabel('RTO target (minutes)').fill('10');
    await page.getByRole('button', { name: 'Next ›' }).click();
    await page.getByRole('radio', { name: 'Once, now' }).check();
    await page.getByRole('button', { name: 'Next ›' }).click();
    const action = page.getByRole('group', { name: 'Action 1' });
    await action.getByLabel('Backup name').fill('docs');
    await action.getByLabel('Path to backup').fill(join(dir, 'src'));
    await action.getByLabel('Container').fill(join(dir, 'repo'));
    await page.getByLabel(/Verify by restore/).check();
    await page.getByLabel('Drill every').fill('5');
    await page.getByLabel('Unit', { exact: true }).last().selectOption('seconds');
    await page.getByLabel('Probe command').fill('test -s "$FREEZER_DRILL_SANDBOX/docs/readme.txt"');
    await snap(page, test.info(), 'wizard-verify-by-restore');
    await page.getByRole('button', { name: 'Next ›' }).click();
    await page.getByRole('button', { name: 'Create job' }).click();
    await expect(page.getByText(/Created drill job/)).toBeVisible();

    // The wizard made a second job that drills the first one's backup.
    const { jobs } = await apiCall<{
      jobs: {
        job_id: string;
        description: string;
        verifies_job_id?: string;
        rpo_seconds?: number;
        rto_seconds?: number;
      }[];
    }>(api, 'GET', '/v2/default/jobs');
    const backupJob = jobs.find((j) => j.description === 'docs');
    const drillJob = jobs.find((j) => j.verifies_job_id === backupJob?.job_id);
    expect(backupJob).toMatchObject({ rpo_seconds: 86_400, rto_seconds: 600 });
    expect(drillJob?.description).toBe('verify docs');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'RPO / RTO' }).click();
    const row = page.getByRole('row', { name: /docs/ }).first();
    // The first drill may run before the first backup exists; a later one proves it.
    await expect(row.getByText('verified', { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(row.getByRole('cell').nth(2)).not.toContainText('—'); // the backup's age is known
    const { drills } = await apiCall<{ drills: { result: string; restore_seconds: number | null }[] }>(
      api,
      'GET',
      `/v2/default/drills?job_id=${backupJob?.job_id ?? ''}`,
    );
    expect(drills[0]).toMatchObject({ result: 'success' });
    expect(drills[0]?.restore_seconds).toBeGreaterThan(0);
    await expect(page.getByRole('figure', { name: 'Backup size' })).toBeVisible();
    await expect(page.getByRole('figure', { name: 'Restore time (drills)' })).toBeVisible();
    await snap(page, test.info(), 'rpo-rto-page');

    // The backup job's page lists its drills.
    await page.getByRole('region', { name: 'Trends of docs' }).getByRole('link', { name: 'docs' }).click();
    await page.getByRole('tab', { name: 'Drills' }).click();
    const history = page.getByRole('table', { name: 'Drill history' });
    await expect(history.getByRole('row').nth(1)).toContainText('success');
    await snap(page, test.info(), 'job-drills');
  });
});
