import { apiCall, expect, test } from './support/fixtures';
import { snap } from './support/screenshot';

// Noon UTC, so the calendar day is the same in whatever zone the browser shows times in.
const day = (d: number, hour = 12) => Date.UTC(2026, 0, d, hour) / 1000;

/** Two chains of backup "docs" on node1, as the scheduler records them after each agent run. */
const POINTS = [
  { l0: day(1), level: 0, ts: day(1), bytes: 1024 * 1024 },
  { l0: day(1), level: 1, ts: day(2), bytes: 1024 },
  { l0: day(3), level: 0, ts: day(3), bytes: 2 * 1024 * 1024 },
  { l0: day(3), level: 1, ts: day(4), bytes: 2048 },
  { l0: day(3), level: 2, ts: day(4, 13), bytes: 4096 },
];

test('retention preview: the admin editor shows what its keep rules would delete', async ({ page, api }) => {
  for (const p of POINTS) {
    await apiCall(api, 'POST', '/v2/default/backups', {
      backup_name: 'docs',
      container: '/srv/backups',
      hostname: 'node1',
      curr_backup_level: p.level,
      time_stamp: p.ts,
      level_zero_timestamp: p.l0,
      engine_name: 'tar',
      bytes_stored: p.bytes,
    });
  }
  await page.goto('/actions');
  await page.getByRole('button', { name: '+ Create action' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create action' });
  await dialog.getByLabel('Action', { exact: true }).selectOption('admin');
  const preview = dialog.getByTestId('retention-preview');
  await expect(preview).toContainText('Name the backup');
  await dialog.getByLabel('Backup name').fill('docs');
  await expect(preview).toContainText('Set a cutoff or a keep rule');

  // Four days with backups, four kept: nothing goes.
  await dialog.getByLabel('Keep daily (days)').fill('4');
  await expect(dialog.getByTestId('retention-summary')).toHaveText(
    'Would delete 0 of 5 restore point(s), freeing 0 B; 5 kept.',
  );
  // Two days: the newest points of Jan 4 and Jan 3 stay, with the levels they are restored from;
  // the first chain goes.
  await dialog.getByLabel('Keep daily (days)').fill('2');
  await expect(dialog.getByTestId('retention-summary')).toHaveText(
    'Would delete 2 of 5 restore point(s), freeing 1.0 MB; 3 kept.',
  );
  const rows = preview
    .getByRole('table', { name: 'Restore points this policy would delete' })
    .getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('node1');
  await expect(rows.nth(1)).toContainText('1.0 MB');
  await expect(rows.nth(2)).toContainText('1.0 KB');
  await preview.scrollIntoViewIfNeeded();
  await snap(page, test.info(), 'retention-preview');
  await dialog.screenshot({ path: test.info().outputPath('retention-preview-dialog.png') });

  // A cutoff with the keep rule: the Jan 2 increment is younger than the cutoff, so it stays, and
  // so does the level 0 it is restored from.
  await dialog.getByLabel('Keep daily (days)').fill('1');
  await dialog.getByLabel('Remove from date').fill('2026-01-02T00:00:00');
  await expect(dialog.getByTestId('retention-summary')).toHaveText(
    'Would delete 0 of 5 restore point(s), freeing 0 B; 5 kept.',
  );
});
