import { apiCall, expect, test } from './support/fixtures';
import { snap } from './support/screenshot';

test('backups sort and filter on the server: newest first across pages, the view in the URL', async ({
  page,
  api,
}) => {
  // 25 backups posted in an order unrelated to their time: page 1 must still hold the newest.
  const base = Date.UTC(2026, 0, 1) / 1000;
  for (let i = 0; i < 25; i++) {
    const hour = (i * 7) % 25;
    await apiCall(api, 'POST', '/v2/default/backups', {
      backup_name: `h${String(hour).padStart(2, '0')}`,
      hostname: 'node1',
      time_stamp: base + hour * 3600,
      container: '/c',
      level: 0,
    });
  }
  await page.goto('/backups');
  const table = page.getByRole('table');
  const firstName = () => table.getByRole('row').nth(1).getByRole('link').first();
  await expect(firstName()).toHaveText('h24');
  await expect(table.getByRole('row')).toHaveCount(21);
  await snap(page, test.info(), 'backups-newest-first');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(table.getByRole('row')).toHaveCount(6);
  await expect(firstName()).toHaveText('h04');
  await expect(table.getByRole('row').nth(5).getByRole('link').first()).toHaveText('h00');

  // Oldest first, kept across a reload.
  await page.getByRole('button', { name: /^Time/ }).click();
  await expect(page).toHaveURL(/sort=time_stamp&order=asc/);
  await expect(firstName()).toHaveText('h00');
  await page.reload();
  await expect(firstName()).toHaveText('h00');
  await expect(page.getByRole('columnheader', { name: /Time/ })).toHaveAttribute('aria-sort', 'ascending');

  // The filter box narrows the whole list on the server, not the page shown (h2x are on no page yet).
  await page.getByLabel('Filter backups').fill('h2');
  await expect(page).toHaveURL(/q=h2/);
  await expect(table.getByRole('row')).toHaveCount(6);
  await expect(firstName()).toHaveText('h20');
  await snap(page, test.info(), 'backups-filtered');
});
