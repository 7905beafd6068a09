import { apiCall, expect, sampleJob, test } from './support/fixtures';
import { snap } from './support/screenshot';

test('sessions: create in a dialog, attach a job, start it for that job', async ({ page, api }) => {
  const { job_id } = await apiCall<{ job_id: string }>(api, 'POST', '/v2/default/jobs', sampleJob('db-dump'));
  await page.goto('/sessions');
  await page.getByRole('button', { name: '+ Create session' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create session' });
  await dialog.getByLabel('Description').fill('nightly-sync');
  await dialog.getByLabel('Hold-off (s)').fill('abc');
  await dialog.getByRole('button', { name: 'Create session' }).click();
  await expect(dialog.getByText('Hold-off is a whole number of seconds.')).toBeVisible();
  await dialog.getByLabel('Hold-off (s)').fill('60');
  await dialog.getByLabel('Every').fill('12');
  await dialog.getByLabel('Unit').selectOption('hours');
  await dialog.getByRole('button', { name: 'Create session' }).click();
  await expect(dialog).toHaveCount(0);
  const row = page.getByRole('row', { name: /nightly-sync/ });
  await expect(row).toContainText('every 12 hours');
  await snap(page, test.info(), 'sessions-table');

  await row.getByRole('link', { name: 'nightly-sync' }).click();
  await expect(page.getByRole('heading', { name: 'Session: nightly-sync' })).toBeVisible();
  await page.getByLabel('Job to attach').selectOption(job_id);
  // The job keeps its schedule unless the operator chooses the session's, which says what changes.
  await expect(page.getByLabel(/Keep the job's schedule \(every 1 days\)/)).toBeChecked();
  await page.getByLabel(/Use the session's schedule \(every 12 hours\)/).check();
  await expect(page.getByRole('note')).toContainText('“every 1 days” will be replaced by “every 12 hours”');
  await snap(page, test.info(), 'session-attach-choice');
  await page.getByLabel(/Keep the job's schedule/).check();
  await page.getByRole('button', { name: 'Attach job' }).click();
  const member = page.getByRole('table', { name: 'Session jobs' }).getByRole('row', { name: /db-dump/ });
  await expect(member).toContainText('default_host1');
  await member.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Session start: success');
  await expect(member).toContainText('running');
  await snap(page, test.info(), 'session-detail');

  const job = await apiCall<{ session_id: string; job_schedule: { schedule_interval?: string } }>(
    api,
    'GET',
    `/v2/default/jobs/${job_id}`,
  );
  expect(job.session_id).not.toBe('');
  expect(job.job_schedule.schedule_interval).toBe('1 days');
  await member.getByRole('button', { name: 'Detach' }).click();
  await expect(page.getByRole('cell', { name: 'No jobs in this session.' })).toBeVisible();
});

test('actions: the same action editor creates, edits and deletes a stored action', async ({ page, api }) => {
  await page.goto('/actions');
  await page.getByRole('button', { name: '+ Create action' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create action' });
  await dialog.getByLabel('Action', { exact: true }).selectOption('restore');
  await dialog.getByLabel('Storage').selectOption('ssh');
  await dialog.getByRole('button', { name: 'Create action' }).click();
  await expect(dialog.getByText('The ssh storage needs a host.')).toBeVisible();
  await expect(dialog.getByText('A restore needs the absolute target path.')).toBeVisible();
  await dialog.getByLabel('Backup name').fill('etc');
  await dialog.getByLabel('Restore to path').fill('/srv/restore');
  await dialog.getByLabel('Container').fill('/backups');
  await dialog.getByLabel('SSH host').fill('127.0.0.1');
  await dialog.getByLabel('SSH port').fill('2222');
  await dialog.getByRole('button', { name: 'Create action' }).click();
  await expect(dialog).toHaveCount(0);
  const row = page.getByRole('row', { name: /restore fs/ });
  await expect(row).toContainText('ssh');
  await snap(page, test.info(), 'actions-table');

  const { actions } = await apiCall<{ actions: { freezer_action: Record<string, unknown> }[] }>(
    api,
    'GET',
    '/v2/default/actions',
  );
  expect(actions[0]?.freezer_action).toMatchObject({
    action: 'restore',
    ssh_host: '127.0.0.1',
    ssh_port: 2222,
  });

  await row.getByRole('button', { name: 'Actions for etc' }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit action' });
  await expect(edit.getByLabel('SSH host')).toHaveValue('127.0.0.1');
  await edit.getByLabel('Restore to path').fill('/srv/other');
  await edit.getByRole('button', { name: 'Save action' }).click();
  await expect(edit).toHaveCount(0);
  await expect
    .poll(async () => {
      const r = await apiCall<{ actions: { freezer_action: Record<string, unknown> }[] }>(
        api,
        'GET',
        '/v2/default/actions',
      );
      return r.actions[0]?.freezer_action.restore_abs_path;
    })
    .toBe('/srv/other');

  await row.getByRole('button', { name: 'Actions for etc' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete actions' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('cell', { name: 'No items to display.' })).toBeVisible();
});

test("attaching with the session's schedule replaces the job's (the stock way), after saying so", async ({
  page,
  api,
}) => {
  const { job_id } = await apiCall<{ job_id: string }>(
    api,
    'POST',
    '/v2/default/jobs',
    sampleJob('takes-session'),
  );
  const { session_id } = await apiCall<{ session_id: string }>(api, 'POST', '/v2/default/sessions', {
    description: 'six-hourly',
    schedule: { schedule_interval: '6 hours' },
  });
  await page.goto('/jobs');
  await page.getByRole('button', { name: 'Actions for takes-session' }).click();
  await page.getByRole('menuitem', { name: 'Attach to session' }).click();
  const dialog = page.getByRole('dialog', { name: /Attach takes-session/ });
  await dialog.getByLabel('Session').selectOption(session_id);
  await dialog.getByLabel(/Use the session's schedule \(every 6 hours\)/).check();
  await expect(dialog.getByRole('note')).toContainText('will be replaced by “every 6 hours”');
  await dialog.getByRole('button', { name: 'Attach' }).click();
  await expect(dialog).toHaveCount(0);
  const job = await apiCall<{ job_schedule: { schedule_interval?: string } }>(
    api,
    'GET',
    `/v2/default/jobs/${job_id}`,
  );
  expect(job.job_schedule.schedule_interval).toBe('6 hours');
});
