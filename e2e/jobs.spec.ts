import { apiCall, expect, sampleJob, test } from './support/fixtures';
import { snap } from './support/screenshot';

test('operator creates a job with two actions in the wizard, starts it and deletes it', async ({
  page,
  api,
}) => {
  await apiCall(api, 'POST', '/v2/default/clients', { client_id: 'default_web1', hostname: 'web1' });
  await page.goto('/jobs');
  await expect(page.getByRole('cell', { name: 'No items to display.' })).toBeVisible();
  await page.getByRole('link', { name: '+ Create job' }).click();

  // Step 1: details
  await page.getByLabel('Client').fill('default_web1');
  await page.getByLabel('Job name').fill('etc-nightly');
  await page.getByRole('button', { name: 'Next ›' }).click();

  // Step 2: schedule with a preview of five runs
  await page.getByRole('radio', { name: 'Cron' }).check();
  await page.getByLabel('Cron expression').fill('30 2 * * *');
  await expect(page.getByRole('region', { name: 'Next runs' }).getByRole('listitem')).toHaveCount(5);
  await expect(page.getByRole('region', { name: 'Next runs' }).getByRole('listitem').first()).toContainText(
    '02:30:00',
  );
  await snap(page, test.info(), 'wizard-schedule');
  await page.getByRole('button', { name: 'Next ›' }).click();

  // Step 3: two actions, the exec one moved first
  const first = page.getByRole('group', { name: 'Action 1' });
  await first.getByLabel('Backup name').fill('etc');
  await first.getByLabel('Path to backup').fill('/etc');
  await first.getByLabel('Container').fill('/srv/backups');
  await first.getByLabel('Compression').selectOption('zstd');
  await page.getByRole('button', { name: '+ Add action' }).click();
  const second = page.getByRole('group', { name: 'Action 2' });
  await second.getByLabel('Action', { exact: true }).selectOption('exec');
  await second.getByLabel('Command').fill('sync');
  await page.getByRole('button', { name: 'Move action 2 up' }).click();
  await snap(page, test.info(), 'wizard-actions');
  await page.getByRole('button', { name: 'Next ›' }).click();

  // Step 4: review and create
  // The review says it in words; the document is one click away.
  const review = page.getByRole('region', { name: 'Review' });
  await expect(review).toContainText('cron 30 2 * * *');
  await expect(review.getByRole('list', { name: 'Actions to run' }).getByRole('listitem')).toHaveCount(2);
  await snap(page, test.info(), 'wizard-review');
  await review.getByText('Job document (JSON)').click();
  await expect(page.getByLabel('Job document')).toContainText('"schedule_minute": "30"');
  await page.getByRole('button', { name: 'Create job' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Created job etc-nightly');
  await expect(page.getByRole('heading', { name: 'Job: etc-nightly' })).toBeVisible();
  const rows = page.getByRole('table', { name: 'Job actions' }).getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('exec: sync');
  await expect(rows.nth(2)).toContainText('backup fs → local /etc');

  // The API stored what the wizard sent.
  const { jobs } = await apiCall<{
    jobs: { job_id: string; job_actions: { freezer_action: Record<string, unknown> }[] }[];
  }>(api, 'GET', '/v2/default/jobs');
  expect(jobs).toHaveLength(1);
  expect(jobs[0]?.job_actions.map((a) => a.freezer_action.action)).toEqual(['exec', 'backup']);
  expect(jobs[0]?.job_actions[1]?.freezer_action).toMatchObject({
    compression: 'zstd',
    container: '/srv/backups',
  });

  // Listed, started from the row menu, then deleted with confirmation.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
  const row = page.getByRole('row', { name: /etc-nightly/ });
  await expect(row).toContainText('default_web1');
  await expect(row).toContainText('cron 30 2 * * *');
  await row.getByRole('button', { name: 'Actions for etc-nightly' }).click();
  await page.getByRole('menuitem', { name: 'Start' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('start etc-nightly');
  await expect(row).toContainText('start requested');
  await snap(page, test.info(), 'jobs-table');

  await row.getByRole('button', { name: 'Actions for etc-nightly' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete jobs' });
  await expect(dialog).toContainText('Delete job etc-nightly?');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('cell', { name: 'No items to display.' })).toBeVisible();
  const after = await apiCall<{ jobs: unknown[] }>(api, 'GET', '/v2/default/jobs');
  expect(after.jobs).toHaveLength(0);
});

test('the wizard refuses an invalid schedule and a missing path with messages at the fields', async ({
  page,
}) => {
  await page.goto('/jobs/new');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await expect(page.getByText('Choose the client that runs this job.')).toBeVisible();
  await page.getByLabel('Client').fill('default_web1');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await page.getByRole('radio', { name: 'Cron' }).check();
  await page.getByLabel('Cron expression').fill('61 * * *');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await expect(page.getByLabel('Cron expression')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('A cron expression has 5 fields')).toBeVisible();
  await page.getByRole('radio', { name: 'Interval' }).check();
  await page.getByLabel('Every').fill('-3');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await expect(page.getByText('The interval must be a whole number ≥ 1.')).toBeVisible();
  await page.getByLabel('Every').fill('6');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await page.getByRole('group', { name: 'Action 1' }).getByLabel('Backup name').fill('etc');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await expect(page.getByText('A backup needs the path to back up.')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Action 1' }).getByLabel('Path to backup')).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await snap(page, test.info(), 'wizard-validation');
});

test('bulk delete removes the selected jobs and keeps the others', async ({ page, api }) => {
  for (const name of ['a-job', 'b-job', 'c-job'])
    await apiCall(api, 'POST', '/v2/default/jobs', sampleJob(name));
  await page.goto('/jobs');
  await page.getByRole('checkbox', { name: 'Select a-job' }).check();
  await page.getByRole('checkbox', { name: 'Select c-job' }).check();
  await page.getByRole('button', { name: 'Delete selected (2)' }).click();
  await page.getByRole('dialog', { name: 'Delete jobs' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('row', { name: /b-job/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /a-job|c-job/ })).toHaveCount(0);
  // Filter box and sorting on the remaining page
  await page.getByLabel('Filter jobs').fill('zzz');
  await expect(page.getByRole('cell', { name: 'No items match the filter.' })).toBeVisible();
});

test('edit keeps the job id and changes its schedule; clone makes a second job', async ({ page, api }) => {
  const { job_id } = await apiCall<{ job_id: string }>(
    api,
    'POST',
    '/v2/default/jobs',
    sampleJob('editable'),
  );
  await page.goto(`/jobs/${job_id}`);
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Client')).toHaveValue('default_host1');
  await page.getByLabel('Job name').fill('edited');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await expect(page.getByLabel('Every')).toHaveValue('1');
  await page.getByLabel('Unit').selectOption('hours');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await expect(page.getByRole('group', { name: 'Action 1' }).getByLabel('Path to backup')).toHaveValue(
    '/etc',
  );
  await page.getByRole('button', { name: 'Next ›' }).click();
  await page.getByRole('button', { name: 'Save job' }).click();
  await expect(page.getByRole('heading', { name: 'Job: edited' })).toBeVisible();
  const job = await apiCall<{ description: string; job_schedule: Record<string, unknown> }>(
    api,
    'GET',
    `/v2/default/jobs/${job_id}`,
  );
  expect(job.description).toBe('edited');
  expect(job.job_schedule.schedule_interval).toBe('1 hours');
  // time_created survives the edit: PATCH replaces job_schedule whole, so the wizard carries it over.
  expect(typeof job.job_schedule.time_created).toBe('number');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
  await page.getByRole('button', { name: 'Actions for edited' }).click();
  await page.getByRole('menuitem', { name: 'Clone' }).click();
  await expect(page.getByLabel('Job name')).toHaveValue('edited (copy)');
  for (let i = 0; i < 3; i += 1) await page.getByRole('button', { name: 'Next ›' }).click();
  await page.getByRole('button', { name: 'Create job' }).click();
  await expect(page.getByRole('heading', { name: 'Job: edited (copy)' })).toBeVisible();
  const { jobs } = await apiCall<{ jobs: { job_id: string; job_actions: { action_id: string }[] }[] }>(
    api,
    'GET',
    '/v2/default/jobs',
  );
  expect(jobs).toHaveLength(2);
  expect(jobs[0]?.job_actions[0]?.action_id).not.toBe(jobs[1]?.job_actions[0]?.action_id);
});

test('a retention (admin) action takes the backup action’s name and storage with one click', async ({
  page,
  api,
}) => {
  await page.goto('/jobs/new');
  await page.getByLabel('Client').fill('default_web1');
  await page.getByLabel('Job name').fill('etc-with-retention');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await page.getByRole('button', { name: 'Next ›' }).click();
  const backup = page.getByRole('group', { name: 'Action 1' });
  await backup.getByLabel('Backup name').fill('etc');
  await backup.getByLabel('Path to backup').fill('/etc');
  await backup.getByLabel('Container').fill('/srv/backups');
  await page.getByRole('button', { name: '+ Add action' }).click();
  const admin = page.getByRole('group', { name: 'Action 2' });
  await admin.getByLabel('Action', { exact: true }).selectOption('admin');
  await admin.getByRole('button', { name: 'Same backup as action 1 (etc in /srv/backups)' }).click();
  await expect(admin.getByLabel('Backup name')).toHaveValue('etc');
  await expect(admin.getByLabel('Container')).toHaveValue('/srv/backups');
  await admin.getByLabel('Remove older than (days)').fill('30');
  await snap(page, test.info(), 'wizard-admin-same-backup');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await page.getByRole('button', { name: 'Create job' }).click();
  await expect(page.getByRole('heading', { name: 'Job: etc-with-retention' })).toBeVisible();
  const { jobs } = await apiCall<{ jobs: { job_actions: { freezer_action: Record<string, unknown> }[] }[] }>(
    api,
    'GET',
    '/v2/default/jobs',
  );
  expect(jobs[0]?.job_actions[1]?.freezer_action).toMatchObject({
    action: 'admin',
    backup_name: 'etc',
    container: '/srv/backups',
    remove_older_than: 30,
  });
});
