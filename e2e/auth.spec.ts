import { adminCall, expect, test } from './support/auth-fixtures';

const ALICE = { name: 'alice', password: 'alice e2e password' };

test.beforeEach(async ({ api }) => {
  await adminCall(api, 'POST', '/auth/users', {
    name: ALICE.name,
    password: ALICE.password,
    projects: [
      { project_id: 'p1', role: 'member' },
      { project_id: 'p2', role: 'reader' },
    ],
  });
});

test('login: a wrong password shows a message, the right one opens the dashboard; logout returns to login', async ({
  page,
}) => {
  await page.goto('/jobs');
  const form = page.getByRole('form', { name: 'Log in' });
  await expect(form).toBeVisible();
  // Nothing of the app shows before login.
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);

  await page.getByLabel('User name').fill(ALICE.name);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong user name or password.');
  await page.screenshot({ path: test.info().outputPath('login.png') });

  await page.getByLabel('Password').fill(ALICE.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  // The deep link survives the login.
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Logged in user')).toHaveText('alice');

  // The switcher offers alice's projects with her role, and nothing else (no "default").
  const switcher = page.getByLabel('Project', { exact: true });
  await expect(switcher).toHaveValue('p1');
  await expect(switcher.locator('option')).toHaveText(['p1 (member)', 'p2 (reader)']);
  await expect(page.getByLabel('Other project id')).toHaveCount(0);

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('form', { name: 'Log in' })).toBeVisible();
  // The session cookie is really gone: a reload still shows the login page.
  await page.reload();
  await expect(page.getByRole('form', { name: 'Log in' })).toBeVisible();
});

test('API tokens: created in the UI and shown once, usable with X-Auth-Token, revoked → 401', async ({
  page,
  api,
}) => {
  await page.goto('/');
  await page.getByLabel('User name').fill(ALICE.name);
  await page.getByLabel('Password').fill(ALICE.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { name: 'API tokens', level: 1 })).toBeVisible();
  await expect(page.getByText('No tokens yet.')).toBeVisible();

  // The POST goes out with the session cookie and the CSRF header: a missing header would be 403.
  await page.getByRole('button', { name: 'Create token' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('backup-script');
  await expect(dialog.getByLabel('Project')).toHaveValue('p1');
  await expect(dialog.getByLabel('Role').locator('option')).toHaveText(['member', 'reader']);
  await dialog.getByRole('button', { name: 'Create token' }).click();
  const secretBox = dialog.getByLabel('New API token');
  await expect(secretBox).toHaveValue(/^fzt_/);
  const secret = await secretBox.inputValue();
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await expect(dialog.getByText(/Copied to the clipboard|Could not copy/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('token-created.png') });
  await dialog.getByRole('button', { name: 'Done' }).click();

  const row = page.getByRole('row', { name: /backup-script/ });
  await expect(row).toContainText('p1');
  await expect(row).toContainText('active');
  // The list never carries the secret.
  await expect(page.locator('body')).not.toContainText(secret);

  const asScript = (path: string, init: RequestInit = {}) =>
    fetch(`${api.url}${path}`, { ...init, headers: { 'X-Auth-Token': secret, ...init.headers } });
  const jobs = await asScript('/v2/p1/jobs');
  expect(jobs.status).toBe(200);
  expect(await jobs.json()).toMatchObject({ jobs: [] });
  // A token is scoped to its project.
  expect((await asScript('/v2/p2/jobs')).status).toBe(403);

  await row.getByRole('button', { name: 'Revoke backup-script' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('revoked');
  await page.screenshot({ path: test.info().outputPath('tokens.png'), fullPage: true });
  const after = await asScript('/v2/p1/jobs');
  expect(after.status).toBe(401);
  expect(await after.json()).toMatchObject({ title: 'Unauthorized' });
});

test('a reader sees its project but a write through the UI is refused with the API message', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('User name').fill(ALICE.name);
  await page.getByLabel('Password').fill(ALICE.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('Project', { exact: true }).selectOption('p2');
  await page.getByRole('link', { name: 'Sessions' }).click();
  await page.getByRole('button', { name: 'Create session' }).click();
  await page.getByRole('dialog').getByLabel('Description').fill('nightly');
  await page.getByRole('dialog').getByRole('button', { name: 'Create session' }).click();
  await expect(page.getByText('your role in project p2 is reader: read only')).toBeVisible();
});
