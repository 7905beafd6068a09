import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiCall, expect, test } from './support/fixtures';
import { startScheduler, type SchedulerProcess } from './support/scheduler';
import { snap } from './support/screenshot';

const CLIENT = 'default_e2elog';

test.describe('the reason of a failed run, with a real scheduler and agent', () => {
  let dir = '';
  let scheduler: SchedulerProcess | undefined;

  test.afterEach(async () => {
    await scheduler?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a failing job shows its reason on the Runs tab and the Overview, and the log on click', async ({
    page,
    api,
  }) => {
    test.setTimeout(90_000);
    dir = mkdtempSync(join(tmpdir(), 'freezer-e2e-log-'));
    const missing = join(dir, 'not-there');
    scheduler = startScheduler(api.url, CLIENT, join(dir, 'state'));
    const { job_id: jobId } = await apiCall<{ job_id: string }>(api, 'POST', '/v2/default/jobs', {
      client_id: CLIENT,
      description: 'broken-path',
      job_schedule: {},
      job_actions: [
        {
          freezer_action: {
            action: 'backup',
            backup_name: 'broken',
            path_to_backup: missing,
            container: join(dir, 'repo'),
          },
          max_retries: 0,
        },
      ],
    });
    const reason = `backup: --path-to-backup ${missing}: no such file or directory`;

    await page.goto(`/jobs/${jobId}`);
    await expect(page.getByLabel('Job result')).toContainText('fail', { timeout: 30_000 });
    await page.getByRole('tab', { name: 'Runs' }).click();
    const history = page.getByRole('table', { name: 'Run history' });
    await expect(history.getByRole('row').nth(1)).toContainText(reason);
    await history.getByRole('button', { name: 'Log' }).first().click();
    const dialog = page.getByRole('dialog', { name: /Run of/ });
    await expect(dialog.getByLabel('Action 1: backup')).toContainText('exit code 1');
    await expect(dialog.getByLabel('Agent output')).toContainText(
      `freezer-agent: error: --path-to-backup ${missing}: no such file or directory`,
    );
    await snap(page, test.info(), 'job-run-log');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await snap(page, test.info(), 'job-runs-failed');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    const attention = page.getByRole('region', { name: 'Failed and late jobs' });
    const row = attention.getByRole('row', { name: /broken-path/ });
    await expect(row).toContainText(reason);
    await snap(page, test.info(), 'overview-failed-reason');
    await row.getByRole('button', { name: reason }).click();
    await expect(
      page.getByRole('dialog', { name: 'Last run of broken-path' }).getByLabel('Agent output'),
    ).toContainText('no such file or directory');
  });
});
