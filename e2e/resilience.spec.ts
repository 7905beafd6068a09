import { apiCall, expect, sampleJob, test } from './support/fixtures';
import { snap } from './support/screenshot';

test('an API that goes away keeps the pages’ data with a banner; unseen data is a readable error', async ({
  page,
  api,
}) => {
  await apiCall(api, 'POST', '/v2/default/jobs', sampleJob('still-here'));
  // Visit Sessions once so its page code is in the browser, then go back to the overview.
  await page.goto('/sessions');
  await expect(page.getByRole('heading', { name: 'Sessions' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByLabel('Jobs total')).toHaveText('1');
  await api.stop();
  await expect(page.getByLabel('API health')).toContainText('API unreachable');
  await expect(page.getByLabel('API health')).toHaveClass(/health-bad/);
  await expect(page.getByRole('status', { name: 'API unreachable' })).toContainText('data as of');
  // The overview keeps its counters.
  await expect(page.getByLabel('Jobs total')).toHaveText('1');
  // Sessions were loaded before: the table stays, under the banner.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' }).click();
  await expect(page.getByRole('table')).toBeVisible();
  await expect(page.getByRole('status', { name: 'API unreachable' })).toBeVisible();
  await snap(page, test.info(), 'api-down');
  // A page whose code was never loaded cannot come from a stopped server: still a readable message.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups' }).click();
  await expect(page.getByRole('alert')).toContainText('Could not load this page from the server');
});

test('the project switcher shows another project’s data', async ({ page, api }) => {
  await apiCall(api, 'POST', '/v2/default/jobs', sampleJob('in-default'));
  await apiCall(api, 'POST', '/v2/other/jobs', sampleJob('in-other', 'other_host1'));
  await page.goto('/jobs');
  await expect(page.getByRole('row', { name: /in-default/ })).toBeVisible();
  await expect(
    page.getByLabel('Project', { exact: true }).locator('option', { hasText: 'other' }),
  ).toHaveCount(1);
  await expect(page.getByLabel('Project', { exact: true })).toHaveValue('default');
  await page.getByLabel('Project', { exact: true }).selectOption('other');
  await expect(page.getByRole('row', { name: /in-other/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /in-default/ })).toHaveCount(0);
});

test('deep links load directly and unknown ids give a readable message', async ({ page }) => {
  await page.goto('/jobs/0123456789abcdef0123456789abcdef');
  await expect(page.getByRole('alert')).toContainText('Could not load data');
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('Jobs');
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('with the API stopped and restarted the pages keep their data and recover by themselves', async ({
  page,
  api,
}) => {
  await apiCall(api, 'POST', '/v2/default/jobs', sampleJob('before-outage'));
  await page.goto('/jobs');
  await expect(page.getByRole('row', { name: /before-outage/ })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByLabel('Jobs total')).toHaveText('1');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
  await api.halt();
  const banner = page.getByRole('status', { name: 'API unreachable' });
  await expect(banner).toContainText(/data as of \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+/);
  // Several refreshes fail: the rows stay.
  await expect(page.getByLabel('API health')).toContainText('API unreachable');
  await page.waitForTimeout(7000);
  await expect(page.getByRole('row', { name: /before-outage/ })).toBeVisible();
  await snap(page, test.info(), 'jobs-api-down');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByLabel('Jobs total')).toHaveText('1');
  await expect(banner).toBeVisible();
  await snap(page, test.info(), 'overview-api-down');

  await api.restart();
  await expect(banner).toHaveCount(0, { timeout: 20_000 });
  await apiCall(api, 'POST', '/v2/default/jobs', sampleJob('after-outage'));
  await expect(page.getByLabel('Jobs total')).toHaveText('2', { timeout: 20_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
  await expect(page.getByRole('row', { name: /after-outage/ })).toBeVisible({ timeout: 20_000 });
});
