import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiCall, expect, test } from './support/fixtures';
import { startScheduler, type SchedulerProcess } from './support/scheduler';
import { snap } from './support/screenshot';

const CLIENT = 'default_e2enode';

test.describe('operator flow with a real scheduler and agent', () => {
  let dir = '';
  let scheduler: SchedulerProcess | undefined;

  test.afterEach(async () => {
    await scheduler?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('wizard job runs on the node, its backup shows up, restore through the dialog, delete', async ({
    page,
    api,
  }) => {
    test.setTimeout(120_000);
    dir = mkdtempSync(join(tmpdir(), 'freezer-e2e-op-'));
    const src = join(dir, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'hello.txt'), 'hello from the e2e test\n');
    scheduler = startScheduler(api.url, CLIENT, join(dir, 'state'));

    await page.goto('/clients');
    const clientRow = page.getByRole('row', { name: new RegExp(CLIENT) });
    await expect(clientRow).toContainText('online', { timeout: 20_000 });
    await snap(page, test.info(), 'clients-online');

    // Create the job in the wizard, held (stopped) so that only "Start" runs it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('link', { name: '+ Create job' }).click();
    await page.getByLabel('Client').fill(CLIENT);
    await page.getByLabel('Job name').fill('op-backup');
    await page.getByLabel('Start right away').uncheck();
    await page.getByRole('button', { name: 'Next ›' }).click();
    await page.getByRole('radio', { name: 'Once, now' }).check();
    await page.getByRole('button', { name: 'Next ›' }).click();
    const backup = page.getByRole('group', { name: 'Action 1' });
    await backup.getByLabel('Backup name').fill('op');
    await backup.getByLabel('Path to backup').fill(src);
    await backup.getByLabel('Container').fill(join(dir, 'repo'));
    await page.getByRole('button', { name: '+ Add action' }).click();
    const exec = page.getByRole('group', { name: 'Action 2' });
    await exec.getByLabel('Action', { exact: true }).selectOption('exec');
    await exec.getByLabel('Command').fill('true');
    await page.getByRole('button', { name: 'Next ›' }).click();
    await page.getByRole('button', { name: 'Create job' }).click();
    await expect(page.getByRole('heading', { name: 'Job: op-backup' })).toBeVisible();

    // Start it from the table and watch the result arrive without reloading.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    const row = page.getByRole('row', { name: /op-backup/ });
    await expect(row).toContainText('stop');
    await row.getByRole('button', { name: 'Actions for op-backup' }).click();
    await page.getByRole('menuitem', { name: 'Start' }).click();
    await expect(row.getByText('success')).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText('completed');
    await snap(page, test.info(), 'jobs-after-run');

    await row.getByRole('link', { name: 'op-backup' }).click();
    await page.getByRole('tab', { name: 'Runs' }).click();
    await expect(page.getByRole('table', { name: 'Run history' }).getByRole('row')).toHaveCount(2);
    await expect(page.getByRole('table', { name: 'Run history' })).toContainText('success');
    // The agent's metrics reach the run history: bytes and throughput, not dashes.
    await expect(page.getByRole('table', { name: 'Run history' }).getByRole('row').nth(1)).toContainText(
      '/s',
    );
    await expect(page.getByRole('figure', { name: 'Run duration' })).toBeVisible();
    await snap(page, test.info(), 'job-runs');

    // The overview and the backups table show the new backup.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await expect(page.getByLabel('Backups total')).toHaveText('1');
    await expect(
      page.getByRole('figure', { name: 'Backups per day by result' }).locator('.recharts-bar-rectangle'),
    ).not.toHaveCount(0);
    await snap(page, test.info(), 'overview-after-run');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups' }).click();
    const backupRow = page.getByRole('row', { name: /\bop\b/ });
    await expect(backupRow).toContainText('full (0)');

    // Restore through the dialog into a new folder; the node runs the restore job.
    const target = join(dir, 'restored');
    await backupRow.getByRole('button', { name: 'Actions for op' }).click();
    await page.getByRole('menuitem', { name: 'Restore' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore op' });
    await dialog.getByLabel('Target client').fill(CLIENT);
    await dialog.getByLabel('Restore to path').fill(target);
    await dialog.getByRole('button', { name: 'Create restore job' }).click();
    await expect(page.getByRole('heading', { name: /Job: restore op/ })).toBeVisible();
    await expect(page.getByLabel('Job result')).toContainText('success', { timeout: 30_000 });
    expect(readFileSync(join(target, 'hello.txt'), 'utf8')).toBe('hello from the e2e test\n');

    // Delete the backup job with confirmation.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page
      .getByRole('row', { name: /op-backup/ })
      .getByRole('button', { name: 'Actions for op-backup' })
      .click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete jobs' }).getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('row', { name: /op-backup/ })).toHaveCount(0);
    const { jobs } = await apiCall<{ jobs: { description: string }[] }>(api, 'GET', '/v2/default/jobs');
    expect(jobs.map((j) => j.description)).toEqual([expect.stringMatching(/^restore op/)]);
  });
});
