import { apiCall, expect, sampleJob, test } from './support/fixtures';
import { snap } from './support/screenshot';

test('clients table and detail show the client, its jobs and its backups', async ({ page, api }) => {
  await apiCall(api, 'POST', '/v2/default/clients', {
    client_id: 'default_db1',
    hostname: 'db1',
    description: 'database',
  });
  await apiCall(api, 'POST', '/v2/default/jobs', sampleJob('db1-etc', 'default_db1'));
  await apiCall(api, 'POST', '/v2/default/jobs', sampleJob('other-host-job', 'default_web9'));
  await apiCall(api, 'POST', '/v2/default/backups', {
    container: '/srv/b',
    hostname: 'db1',
    backup_name: 'db1-etc',
    time_stamp: 1795000000,
    curr_backup_level: 0,
  });
  // Our scheduler records the client id: the job overrides the host name, the client still owns it.
  await apiCall(api, 'POST', '/v2/default/backups', {
    container: '/srv/b',
    hostname: 'db1-override',
    client_id: 'default_db1',
    backup_name: 'db1-renamed',
    time_stamp: 1795000100,
    curr_backup_level: 0,
  });
  // Another client's backup under the same host name is not this client's.
  await apiCall(api, 'POST', '/v2/default/backups', {
    container: '/srv/b',
    hostname: 'db1',
    client_id: 'default_web9',
    backup_name: 'web9-same-hostname',
    time_stamp: 1795000200,
    curr_backup_level: 0,
  });
  await page.goto('/clients');
  const row = page.getByRole('row', { name: /default_db1/ });
  await expect(row).toContainText('db1');
  await snap(page, test.info(), 'clients-table');
  await row.getByRole('link', { name: 'default_db1' }).click();
  await expect(page.getByRole('heading', { name: 'Client: default_db1' })).toBeVisible();
  const jobs = page.getByRole('table', { name: 'Client jobs' });
  await expect(jobs.getByRole('row', { name: /db1-etc/ })).toBeVisible();
  await expect(jobs.getByRole('row', { name: /other-host-job/ })).toHaveCount(0);
  const owned = page.getByRole('table', { name: 'Backups', exact: true });
  await expect(owned.getByRole('row', { name: /db1-renamed/ })).toBeVisible();
  await expect(owned.getByRole('row')).toHaveCount(2);
  // The stock-made record (no client id) is found by the client's host name.
  const byHost = page.getByRole('table', { name: 'Backups recorded by host name' });
  await expect(byHost.getByRole('row', { name: /db1-etc/ })).toBeVisible();
  await expect(byHost.getByRole('row')).toHaveCount(2);
  await expect(page.getByText('web9-same-hostname')).toHaveCount(0);
  await snap(page, test.info(), 'client-detail');
});

test('backups: table shows level and time, restore dialog creates a restore job, delete asks first', async ({
  page,
  api,
}) => {
  await apiCall(api, 'POST', '/v2/default/clients', { client_id: 'default_host1', hostname: 'host1' });
  await apiCall(api, 'POST', '/v2/default/backups', {
    container: '/srv/backups',
    hostname: 'host1',
    backup_name: 'etc',
    storage: 'local',
    mode: 'fs',
    path_to_backup: '/etc',
    time_stamp: 1795000000,
    curr_backup_level: 1,
  });
  await page.goto('/backups');
  const row = page.getByRole('row', { name: /etc/ });
  await expect(row).toContainText('host1');
  await expect(row).toContainText('incremental (1)');
  await snap(page, test.info(), 'backups-table');

  await row.getByRole('button', { name: 'Actions for etc' }).click();
  await page.getByRole('menuitem', { name: 'Restore' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore etc' });
  await expect(dialog.getByLabel('Target client')).toHaveValue('default_host1');
  await dialog.getByLabel('Restore to path').fill('relative/path');
  await dialog.getByRole('button', { name: 'Create restore job' }).click();
  await expect(dialog.getByText('The restore path must be absolute.')).toBeVisible();
  await dialog.getByLabel('Restore to path').fill('/srv/restore');
  await dialog.getByRole('button', { name: 'Create restore job' }).click();
  await expect(page.getByRole('heading', { name: /Job: restore etc to \/srv\/restore/ })).toBeVisible();
  const { jobs } = await apiCall<{
    jobs: { client_id: string; job_actions: { freezer_action: Record<string, unknown> }[] }[];
  }>(api, 'GET', '/v2/default/jobs');
  expect(jobs[0]?.client_id).toBe('default_host1');
  expect(jobs[0]?.job_actions[0]?.freezer_action).toMatchObject({
    action: 'restore',
    backup_name: 'etc',
    container: '/srv/backups',
    storage: 'local',
    hostname: 'host1',
    restore_abs_path: '/srv/restore',
    // The point that was clicked, not the newest backup of that name.
    restore_from_date: new Date(1795000000 * 1000).toISOString().replace('.000Z', 'Z'),
  });

  await page.goto('/backups');
  await page.getByRole('row', { name: /etc/ }).getByRole('link', { name: 'etc' }).click();
  await expect(page.getByLabel('Backup metadata')).toContainText('"path_to_backup": "/etc"');
  await snap(page, test.info(), 'backup-detail');
  // A record without a catalog (stock agent, older backup, --no-catalog-upload) says why it cannot be browsed.
  await page.getByRole('tab', { name: 'Browse' }).click();
  await expect(page.getByRole('note', { name: 'Cannot browse' })).toContainText('has no file catalog');
  await snap(page, test.info(), 'backup-browse-no-catalog');
  await page.getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('dialog', { name: 'Delete backup record' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(page.getByRole('heading', { name: 'Backups' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'No items to display.' })).toBeVisible();
});
