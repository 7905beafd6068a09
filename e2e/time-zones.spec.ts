import { apiCall, expect, test } from './support/fixtures';
import { snap } from './support/screenshot';

test('a job in America/New_York previews and shows its runs at that zone’s times; the operator picks the zone', async ({
  page,
  api,
}) => {
  // The node reports its zone when it registers (our scheduler does).
  await apiCall(api, 'POST', '/v2/default/clients', {
    client_id: 'default_zonenode',
    time_zone: 'America/New_York',
  });
  await page.goto('/jobs/new');
  await page.getByLabel('Client').fill('default_zonenode');
  await page.getByLabel('Job name').fill('ny-nightly');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await page.getByRole('radio', { name: 'Cron' }).check();
  await page.getByLabel('Cron expression').fill('0 3 * * *');
  await page.getByLabel('Time zone').fill('America/New_York');
  const preview = page.getByRole('region', { name: 'Next runs' });
  await expect(preview.getByRole('heading')).toHaveText('Next runs (in America/New_York)');
  const items = preview.getByRole('listitem');
  await expect(items).toHaveCount(5);
  for (const text of await items.allTextContents()) expect(text).toMatch(/ 03:00:00 E[SD]T$/);
  await snap(page, test.info(), 'wizard-schedule-new-york');

  await page.getByRole('button', { name: 'Next ›' }).click();
  const backup = page.getByRole('group', { name: 'Action 1' });
  await backup.getByLabel('Backup name').fill('ny');
  await backup.getByLabel('Path to backup').fill('/etc/hostname');
  await backup.getByLabel('Container').fill('/tmp/ny-repo');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await page.getByRole('button', { name: 'Create job' }).click();
  await expect(page.getByRole('heading', { name: 'Job: ny-nightly' })).toBeVisible();

  // The job's next run, shown in the zone the operator picks.
  await page.getByLabel('Times in').selectOption('UTC');
  await expect(page.getByLabel('Next run')).toHaveText(/ 0[78]:00:00 UTC$/);
  await page.getByLabel('Times in').selectOption({ label: 'node: America/New_York' });
  await expect(page.getByLabel('Next run')).toHaveText(/ 03:00:00 E[SD]T$/);
  await snap(page, test.info(), 'job-detail-node-zone');
  // Any other zone by name.
  await page.getByLabel('Times in').selectOption('other');
  await page.getByLabel('Node time zone').fill('Asia/Tokyo');
  await page.getByRole('button', { name: 'Use' }).click();
  await expect(page.getByLabel('Next run')).toHaveText(/ 1[67]:00:00 GMT\+9$/);
  await page.getByLabel('Times in').selectOption({ label: 'node: America/New_York' });
  // The choice is kept across a reload.
  await page.reload();
  await expect(page.getByLabel('Next run')).toHaveText(/ 03:00:00 E[SD]T$/);

  // A job without its own zone fires in its node's zone: 03:00 in New York, shown here in UTC.
  const { job_id: plain } = await apiCall<{ job_id: string }>(api, 'POST', '/v2/default/jobs', {
    client_id: 'default_zonenode',
    description: 'node-zone-job',
    job_schedule: { schedule_hour: '3', schedule_minute: '0' },
    job_actions: [{ freezer_action: { action: 'exec', command: 'true' } }],
  });
  await page.getByLabel('Times in').selectOption('UTC');
  await page.goto(`/jobs/${plain}`);
  await expect(page.getByLabel('Next run')).toHaveText(/ 0[78]:00:00 UTC$/);
});
