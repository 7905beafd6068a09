import { apiCall, expect, test as base } from './support/fixtures';
import { startWebApi, type ApiServer } from './support/api-server';
import { snap } from './support/screenshot';

// The API evaluates every second here (30 s by default), so an alert fires within the test.
const test = base.extend<{ api: ApiServer }>({
  // eslint-disable-next-line no-empty-pattern
  api: async ({}, use) => {
    const server = await startWebApi({ args: ['--alerts-interval', '1'] });
    try {
      await use(server);
    } finally {
      await server.stop();
    }
  },
});

test('a rule created in the Alerts page fires, shows in the firing list and the header badge', async ({
  page,
  api,
}) => {
  await apiCall(api, 'POST', '/v2/default/clients', { client_id: 'default_host1', hostname: 'host1' });
  await page.goto('/alerts');
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  await expect(page.getByText('Nothing is firing.')).toBeVisible();
  await expect(page.getByRole('link', { name: /firing/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'New rule' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('silent nodes');
  await dialog.getByLabel(/Job late/).uncheck();
  await dialog.getByLabel(/Job failed/).uncheck();
  await dialog.getByLabel(/Client stale/).check();
  await dialog.getByLabel('Severity').selectOption('critical');
  await dialog.getByLabel('Stale after (s)').fill('2');
  await dialog.getByLabel('Webhook URL').fill('http://127.0.0.1:9/nobody-listens');
  await snap(page, test.info(), 'alerts-rule-editor');
  await dialog.getByRole('button', { name: 'Create rule' }).click();
  await expect(dialog).toBeHidden();

  const rules = page.getByRole('table', { name: 'Alert rules' });
  await expect(rules.getByRole('cell', { name: 'silent nodes', exact: true })).toBeVisible();
  // The client sends no heartbeat: stale two seconds after registering, firing at the next evaluation.
  const firing = page.getByRole('table', { name: 'Firing alerts' });
  await expect(firing.getByRole('cell', { name: /client default_host1 \(host1\) last seen/ })).toBeVisible({
    timeout: 20_000,
  });
  const badge = page.getByRole('link', { name: '1 alert firing' });
  await expect(badge).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Alert history' }).getByRole('cell', { name: 'firing', exact: true }),
  ).toBeVisible();
  await snap(page, test.info(), 'alerts-firing');

  // The badge is in the header of every page.
  await page.goto('/jobs');
  await expect(badge).toBeVisible();
  await badge.click();
  await expect(page).toHaveURL(/\/alerts$/);
});
