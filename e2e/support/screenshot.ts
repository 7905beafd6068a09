import type { Page, TestInfo } from '@playwright/test';

/** Full-page screenshots kept with the test output so a reviewer can look at each page. */
export async function snap(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
}
