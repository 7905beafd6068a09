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
  await snap(page, test.info(), 'wizard-cloud-modes');
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
