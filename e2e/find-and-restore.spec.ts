import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Page } from '@playwright/test';
import type { ApiServer } from './support/api-server';
import { apiCall, expect, test } from './support/fixtures';
import { startScheduler, type SchedulerProcess } from './support/scheduler';
import { snap } from './support/screenshot';

const CLIENT = 'default_e2efind';
const NAME = 'tree';

interface Backup {
  backup_id: string;
  backup_metadata: { curr_backup_level?: number; time_stamp?: number; hostname?: string; result?: string };
}

/** Every file and folder under `dir`, relative, sorted. */
function treeOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => relative(dir, join(dir, p)))
    .sort();
}

/** A one-shot backup job on the node; resolves with the new point once the node uploaded its catalog. */
async function backUp(api: ApiServer, src: string, repo: string, level: number): Promise<Backup> {
  const { job_id } = await apiCall<{ job_id: string }>(api, 'POST', '/v2/default/jobs', {
    client_id: CLIENT,
    description: `${NAME}-${level}`,
    job_schedule: {},
    job_actions: [
      {
        freezer_action: { action: 'backup', path_to_backup: src, backup_name: NAME, container: repo },
        max_retries: 0,
      },
    ],
  });
  await expect
    .poll(
      async () =>
        (await apiCall<{ job_schedule: { result?: string } }>(api, 'GET', `/v2/default/jobs/${job_id}`))
          .job_schedule.result,
      { timeout: 30_000 },
    )
    .toBe('success');
  const { backups } = await apiCall<{ backups: Backup[] }>(api, 'GET', '/v2/default/backups?limit=100');
  const point = backups.find((b) => b.backup_metadata.curr_backup_level === level);
  expect(point, `a level ${level} backup`).toBeDefined();
  const id = (point as Backup).backup_id;
  await expect
    .poll(async () => (await fetch(`${api.url}/v2/default/backups/${id}/catalog`)).status, {
      timeout: 20_000,
    })
    .toBe(200);
  return point as Backup;
}

async function restoreTo(page: Page, dialogName: RegExp, target: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: dialogName });
  await dialog.getByRole('radio', { name: 'Another client or folder' }).check();
  await dialog.getByLabel('Restore into folder').fill(target);
  await dialog.getByRole('button', { name: 'Restore' }).click();
  await expect(dialog.getByRole('status', { name: 'Restore job' })).toBeVisible();
  await expect(dialog.getByLabel('Restore result')).toContainText('success', { timeout: 30_000 });
}

test.describe('find and restore a file, with a real scheduler and agent', () => {
  let dir = '';
  let scheduler: SchedulerProcess | undefined;

  test.afterEach(async () => {
    await scheduler?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('browse points of a changing tree, restore single files from older points, never a failed backup', async ({
    page,
    api,
  }) => {
    test.setTimeout(240_000);
    dir = mkdtempSync(join(tmpdir(), 'freezer-e2e-find-'));
    const src = join(dir, 'src');
    const repo = join(dir, 'repo');
    mkdirSync(join(src, 'docs'), { recursive: true });
    mkdirSync(join(src, 'photos'));
    const reportV1 = Buffer.from('quarterly report, first draft\n');
    const photo = randomBytes(200_000);
    writeFileSync(join(src, 'docs', 'report.txt'), reportV1);
    writeFileSync(join(src, 'docs', 'old.txt'), 'to be deleted\n');
    writeFileSync(join(src, 'photos', 'a.bin'), photo);
    writeFileSync(join(src, 'notes.txt'), 'notes\n');
    scheduler = startScheduler(api.url, CLIENT, join(dir, 'state'));

    // Levels 0..3 with a change, a deletion and a rename in between.
    const l0 = await backUp(api, src, repo, 0);
    const reportV2 = Buffer.from('quarterly report, final version with figures\n');
    writeFileSync(join(src, 'docs', 'report.txt'), reportV2);
    const l1 = await backUp(api, src, repo, 1);
    rmSync(join(src, 'docs', 'old.txt'));
    const l2 = await backUp(api, src, repo, 2);
    renameSync(join(src, 'photos'), join(src, 'pictures'));
    const l3 = await backUp(api, src, repo, 3);
    const host = l0.backup_metadata.hostname ?? '';

    // The tree at level 0: both docs, the photos folder.
    await page.goto(`/backups/${l0.backup_id}`);
    await page.getByRole('tab', { name: 'Browse' }).click();
    const table = page.getByRole('table', { name: 'Folder contents' });
    const names = table.locator('tbody tr td[data-label="Name"]');
    await expect(names).toHaveText(['docs/', 'notes.txt', 'photos/']);
    await table.getByRole('button', { name: 'docs/' }).click();
    await expect(page.getByRole('navigation', { name: 'Folder path' })).toContainText('docs');
    await expect(names).toHaveText(['old.txt', 'report.txt']);
    await snap(page, test.info(), 'browse-level-0-docs');

    // The same folder at level 3: the deleted file is gone; the root shows the renamed folder.
    await page.getByLabel('Point').selectOption(l3.backup_id);
    await expect(page).toHaveURL(new RegExp(`/backups/${l3.backup_id}\\?tab=browse&path=docs`));
    await expect(names).toHaveText(['report.txt']);
    await page.getByRole('navigation', { name: 'Folder path' }).getByRole('button').first().click();
    await expect(names).toHaveText(['docs/', 'notes.txt', 'pictures/']);
    await page.getByLabel('Filter this folder').fill('pic');
    await expect(names).toHaveText(['pictures/']);
    await snap(page, test.info(), 'browse-level-3-filtered');

    // One file from the level 0 point through the Browse tab, into an empty folder.
    await page.getByLabel('Point').selectOption(l0.backup_id);
    await page.getByRole('table', { name: 'Folder contents' }).getByRole('button', { name: 'docs/' }).click();
    await expect(names).toHaveText(['old.txt', 'report.txt']);
    await page.getByRole('checkbox', { name: 'Select report.txt' }).check();
    await page.getByRole('button', { name: 'Restore selected (1)' }).click();
    await snap(page, test.info(), 'browse-restore-dialog');
    const fromBrowse = join(dir, 'restore-browse');
    await restoreTo(page, /^Restore 1 item\(s\) of tree at /, fromBrowse);
    await snap(page, test.info(), 'browse-restore-done');
    expect(treeOf(fromBrowse)).toEqual(['docs', join('docs', 'report.txt')]);
    expect(readFileSync(join(fromBrowse, 'docs', 'report.txt')).equals(reportV1)).toBe(true);
    await page.keyboard.press('Escape');

    // A whole folder as it was at level 2: the changed report, without the file deleted before it.
    await page.getByLabel('Point').selectOption(l2.backup_id);
    await page.getByRole('navigation', { name: 'Folder path' }).getByRole('button').first().click();
    await page.getByRole('checkbox', { name: 'Select docs' }).check();
    await page.getByRole('button', { name: 'Restore selected (1)' }).click();
    const folder = join(dir, 'restore-folder');
    await restoreTo(page, /^Restore 1 item\(s\) of tree at /, folder);
    expect(treeOf(folder)).toEqual(['docs', join('docs', 'report.txt')]);
    expect(readFileSync(join(folder, 'docs', 'report.txt')).equals(reportV2)).toBe(true);
    await page.keyboard.press('Escape');

    // Back to the original client and path, overwriting the live file: only that file changes.
    await page.getByLabel('Point').selectOption(l0.backup_id);
    await page.getByRole('table', { name: 'Folder contents' }).getByRole('button', { name: 'docs/' }).click();
    await page.getByRole('checkbox', { name: 'Select report.txt' }).check();
    await page.getByRole('button', { name: 'Restore selected (1)' }).click();
    const original = page.getByRole('dialog', { name: /^Restore 1 item\(s\) of tree at / });
    await expect(original.getByRole('radio', { name: 'The original client and path' })).toBeChecked();
    await original.getByRole('checkbox', { name: 'Overwrite files that exist at the target' }).check();
    await original.getByRole('button', { name: 'Restore' }).click();
    await expect(original.getByLabel('Restore result')).toContainText('success', { timeout: 30_000 });
    expect(readFileSync(join(src, 'docs', 'report.txt')).equals(reportV1)).toBe(true);
    expect(treeOf(src)).toEqual(['docs', 'docs/report.txt', 'notes.txt', 'pictures', 'pictures/a.bin']);
    await page.keyboard.press('Escape');

    // Find a file: the photo, which only the points before the rename hold under photos/.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Find a file' }).click();
    await page.getByLabel('File name or path').fill('a.bin');
    await page.getByRole('button', { name: 'Search' }).click();
    const match = page.getByRole('region', { name: `photos/a.bin on ${host}` });
    await expect(match).toBeVisible();
    await expect(page.getByRole('region', { name: `pictures/a.bin on ${host}` })).toBeVisible();
    await expect(match.getByRole('row')).toHaveCount(2);
    await expect(match.getByRole('row').nth(1)).toContainText('level 0');
    await expect(match.getByRole('row').nth(1)).toContainText('195.3 KB');
    await expect(match.getByRole('row').nth(1)).toContainText(CLIENT);
    await snap(page, test.info(), 'find-a-file');
    await match.getByRole('button', { name: /^Restore the version of / }).click();
    const fromFind = join(dir, 'restore-find');
    await restoreTo(page, /^Restore photos\/a\.bin as of /, fromFind);
    expect(treeOf(fromFind)).toEqual(['photos', join('photos', 'a.bin')]);
    expect(readFileSync(join(fromFind, 'photos', 'a.bin')).equals(photo)).toBe(true);
    await page.keyboard.press('Escape');

    // The report's timeline: two versions, the newer one marked as changed.
    await page.getByLabel('File name or path').fill('report.txt');
    await page.getByRole('button', { name: 'Search' }).click();
    const report = page.getByRole('table', { name: 'Versions of docs/report.txt' });
    await expect(report.getByRole('row')).toHaveCount(3);
    await expect(report.getByRole('row').nth(1)).toContainText('changed');
    await expect(report.getByRole('row').nth(1)).toContainText('level 1');
    await expect(report.getByRole('row').nth(2)).toContainText('first seen');
    expect(l1.backup_metadata.curr_backup_level).toBe(1);

    // The whole-backup dialog restores the point that was clicked (level 0: old.txt and photos/ exist).
    await page.goto(`/backups/${l0.backup_id}`);
    await page.getByRole('button', { name: 'Restore' }).click();
    const whole = page.getByRole('dialog', { name: 'Restore tree' });
    await expect(whole.getByRole('radio', { name: /^This backup, as of / })).toBeChecked();
    await whole.getByLabel('Target client').fill(CLIENT);
    const fromDialog = join(dir, 'restore-whole');
    await whole.getByLabel('Restore to path').fill(fromDialog);
    await whole.getByRole('button', { name: 'Create restore job' }).click();
    await expect(page.getByLabel('Job result')).toContainText('success', { timeout: 30_000 });
    expect(treeOf(fromDialog)).toEqual(
      ['docs', 'docs/old.txt', 'docs/report.txt', 'notes.txt', 'photos', 'photos/a.bin'].sort(),
    );
    expect(readFileSync(join(fromDialog, 'docs', 'report.txt')).equals(reportV1)).toBe(true);

    // A failed backup is shown as failed and offers no restore, in the table, the page and the tab.
    const failed = await apiCall<{ backup_id: string }>(api, 'POST', '/v2/default/backups', {
      container: repo,
      hostname: host,
      backup_name: NAME,
      time_stamp: (l3.backup_metadata.time_stamp ?? 0) + 60,
      curr_backup_level: 4,
      result: 'fail',
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups' }).click();
    const failedRow = page.getByRole('row', { name: /incremental \(4\)/ });
    await expect(failedRow).toContainText('fail');
    await failedRow.getByRole('button', { name: `Actions for ${NAME}` }).click();
    await expect(page.getByRole('menuitem', { name: 'Browse' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: 'Restore' })).toHaveCount(0);
    await snap(page, test.info(), 'backups-failed-row');
    await page.keyboard.press('Escape');
    await page.goto(`/backups/${failed.backup_id}?tab=browse`);
    await expect(page.getByLabel('Backup result')).toContainText('fail');
    await expect(page.getByRole('button', { name: 'Restore', exact: true })).toHaveCount(0);
    await expect(page.getByRole('alert')).toContainText('This backup failed');
  });
});
