import { apiCall, expect, sampleJob, test } from './support/fixtures';

test('overview shows the API health and counts that follow jobs created through the API', async ({
  page,
  api,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await expect(page.getByLabel('API health')).toContainText('API healthy');
  const jobs = page.getByLabel('Jobs total');
  await expect(jobs).toHaveText('0');
  await expect(page.getByLabel('Clients total')).toHaveText('0');
  await expect(page.getByLabel('Sessions total')).toHaveText('0');
  await expect(page.getByLabel('Backups total')).toHaveText('0');

  await apiCall(api, 'POST', '/v2/default/jobs', sampleJob('nightly-etc'));
  await apiCall(api, 'POST', '/v2/default/jobs', sampleJob('nightly-home'));
  await apiCall(api, 'POST', '/v2/default/clients', { client_id: 'default_host1', hostname: 'host1' });
  await apiCall(api, 'POST', '/v2/default/sessions', { description: 's1', schedule: {} });
  await apiCall(api, 'POST', '/v2/default/backups', {
    container: '/tmp/c',
    hostname: 'host1',
    backup_name: 'nightly-etc',
    time_stamp: 1700000000,
  });

  // No reload: the page refetches on its own.
  await expect(jobs).toHaveText('2');
  await expect(page.getByLabel('Clients total')).toHaveText('1');
  await expect(page.getByLabel('Sessions total')).toHaveText('1');
  await expect(page.getByLabel('Backups total')).toHaveText('1');
  await page.screenshot({ path: test.info().outputPath('overview.png'), fullPage: true });
});
