import { apiCall, expect, sampleJob, test } from './support/fixtures';
import { snap } from './support/screenshot';

test('an API that goes away while the page is open turns into readable errors', async ({ page, api }) => {
  await apiCall(api, 'POST', '/v2/default/jobs', sampleJob('still-here'));
  // Visit Sessions once so its page code is in the browser, then go back to the overview.
  await page.goto('/sessions');
  await expect(page.getByRole('heading', { name: 'Sessions' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByLabel('Jobs total')).toHaveText('1');
  await api.stop();
  await expect(page.getByLabel('API health')).toContainText('API unreachable');
  await expect(page.getByLabel('API health')).toHaveClass(/health-bad/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' }).click();
  await expect(page.getByRole('alert')).toContainText('Could not reach the Freezer API');
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
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
