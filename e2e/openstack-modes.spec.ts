import { apiCall, expect, test } from './support/fixtures';
import { snap } from './support/screenshot';

test('the action editor offers the cloud modes with their id fields and no path', async ({ page, api }) => {
  await apiCall(api, 'POST', '/v2/default/clients', { client_id: 'default_cloud1', hostname: 'cloud1' });
  await page.goto('/jobs/new');
  await page.getByLabel('Client').fill('default_cloud1');
  await page.getByLabel('Job name').fill('cloud-nightly');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await page.getByRole('button', { name: 'Next ›' }).click();

  const first = page.getByRole('group', { name: 'Action 1' });
  await first.getByLabel('Mode').selectOption('glance');
  await expect(first.getByLabel('Path to backup')).toHaveCount(0);
  await first.getByLabel('Glance image id').fill('6f1d2c3b-0000-4000-8000-00000000a001');
  await first.getByLabel('Backup name').fill('web-image');
  await first.getByLabel('Storage').selectOption('swift');
  await first.getByLabel('Container').fill('images');
  await page.getByRole('button', { name: '+ Add action' }).click();
  const second = page.getByRole('group', { name: 'Action 2' });
  await second.getByLabel('Mode').selectOption('cinder');
  await second.getByLabel('Cinder volume id').fill('6f1d2c3b-0000-4000-8000-00000000b002');
  await second.getByLabel('Backup name').fill('db-volume');
  await second.getByLabel('Storage').selectOption('swift');
  await second.getByLabel('Container').fill('volumes');
  await snap(page, test.info(), 'wizard-cloud-ids');
  // Cinder's own backups: the volume id and --incremental; Cinder keeps the data, so no storage choice.
  await page.getByRole('button', { name: '+ Add action' }).click();
  const third = page.getByRole('group', { name: 'Action 3' });
  await third.getByLabel('Mode').selectOption('cindernative');
  await expect(third.getByLabel('Storage')).toHaveCount(0);
  await expect(third.getByLabel('Container')).toHaveCount(0);
  await third.getByLabel('Cinder volume id').fill('6f1d2c3b-0000-4000-8000-00000000c003');
  await third.getByLabel('Incremental (when the volume has a backup)').check();
  await page.getByRole('button', { name: 'Next ›' }).click();
  await expect(page.getByLabel('Job document')).toContainText(
    '"glance_image_id": "6f1d2c3b-0000-4000-8000-00000000a001"',
  );
  await expect(page.getByLabel('Job document')).toContainText(
    '"cinder_vol_id": "6f1d2c3b-0000-4000-8000-00000000b002"',
  );
  await expect(page.getByLabel('Job document')).toContainText(
    '"cindernative_vol_id": "6f1d2c3b-0000-4000-8000-00000000c003"',
  );
  await expect(page.getByLabel('Job document')).toContainText('"incremental": true');
});

test('a cloud backup names its source by id, by name or the whole project, and the API stores that way', async ({
  page,
  api,
}) => {
  await apiCall(api, 'POST', '/v2/default/clients', { client_id: 'default_cloud1', hostname: 'cloud1' });
  await page.goto('/jobs/new');
  await page.getByLabel('Client').fill('default_cloud1');
  await page.getByLabel('Job name').fill('cloud-sources');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await page.getByRole('button', { name: 'Next ›' }).click();

  // Glance, by name: the id typed first is not sent once "By name" is chosen.
  const first = page.getByRole('group', { name: 'Action 1' });
  await first.getByLabel('Mode').selectOption('glance');
  await first.getByLabel('Glance image id').fill('6f1d2c3b-0000-4000-8000-00000000a001');
  await first.getByRole('radio', { name: 'By name' }).check();
  await expect(first.getByLabel('Glance image id')).toHaveCount(0);
  await first.getByLabel('Glance image name').fill('web-golden');
  await first.getByLabel('Backup name').fill('web-image');
  await first.getByLabel('Storage').selectOption('swift');
  await first.getByLabel('Container').fill('images');

  // Nova, every instance of a project: the project id is the source.
  await page.getByRole('button', { name: '+ Add action' }).click();
  const second = page.getByRole('group', { name: 'Action 2' });
  await second.getByLabel('Mode').selectOption('nova');
  await second.getByRole('radio', { name: 'The whole project' }).check();
  await expect(second.getByLabel('Nova instance id')).toHaveCount(0);
  await second.getByLabel('Project id').fill('a5c3e0f1b2d44b7e9f0a1b2c3d4e5f60');
  await second.getByLabel('Backup name').fill('tenant-vms');
  await second.getByLabel('Storage').selectOption('swift');
  await second.getByLabel('Container').fill('instances');

  // Cinder, by id (no whole-project way for volumes).
  await page.getByRole('button', { name: '+ Add action' }).click();
  const third = page.getByRole('group', { name: 'Action 3' });
  await third.getByLabel('Mode').selectOption('cinder');
  await expect(third.getByRole('radio', { name: 'The whole project' })).toHaveCount(0);
  await third.getByLabel('Cinder volume id').fill('6f1d2c3b-0000-4000-8000-00000000b002');
  await third.getByLabel('Backup name').fill('db-volume');
  await third.getByLabel('Storage').selectOption('swift');
  await third.getByLabel('Container').fill('volumes');
  await snap(page, test.info(), 'wizard-cloud-modes');

  await page.getByRole('button', { name: 'Next ›' }).click();
  const review = page.getByRole('list', { name: 'Actions to run' });
  await expect(review).toContainText('the Glance image named “web-golden”');
  await expect(review).toContainText('every Nova instance of project a5c3e0f1b2d44b7e9f0a1b2c3d4e5f60');
  await expect(review).toContainText('the Cinder volume 6f1d2c3b-0000-4000-8000-00000000b002');
  await snap(page, test.info(), 'wizard-cloud-sources-review');
  await page.getByRole('button', { name: 'Create job' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
    'Created job cloud-sources',
  );

  const { jobs } = await apiCall<{
    jobs: { description: string; job_actions: { freezer_action: object }[] }[];
  }>(api, 'GET', '/v2/default/jobs');
  const job = jobs.find((j) => j.description === 'cloud-sources');
  const [glance, nova, cinder] = (job?.job_actions ?? []).map((a) => a.freezer_action);
  expect(glance).toMatchObject({ action: 'backup', mode: 'glance', glance_image_name: 'web-golden' });
  expect(glance).not.toHaveProperty('glance_image_id');
  expect(nova).toMatchObject({ mode: 'nova', project_id: 'a5c3e0f1b2d44b7e9f0a1b2c3d4e5f60' });
  expect(nova).not.toHaveProperty('nova_inst_id');
  expect(nova).not.toHaveProperty('nova_inst_name');
  expect(cinder).toMatchObject({ mode: 'cinder', cinder_vol_id: '6f1d2c3b-0000-4000-8000-00000000b002' });
});
