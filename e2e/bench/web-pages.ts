// Benchmark (not a test): with 10,000 jobs and 50,000 backup records in a real API, how long the Jobs
// and Backups pages take to show their first page in headless Chromium, and how many gzipped bytes the
// first load of `/` needs. Run: node --import tsx e2e/bench/web-pages.ts  (after building api + web).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { startWebApi } from '../support/api-server';

const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
const BACKUPS = Number(process.env.BENCH_BACKUPS ?? 50_000);
const RUNS = 3;
const DIST = fileURLToPath(new URL('../../apps/web/dist', import.meta.url));

async function postMany(
  base: string,
  path: string,
  count: number,
  body: (i: number) => unknown,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body(i)),
      });
      if (res.status !== 201) throw new Error(`POST ${path} → ${res.status}: ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const api = await startWebApi();
  try {
    let t = Date.now();
    await postMany(api.url, '/v2/default/jobs', JOBS, (i) => ({
      client_id: `default_node${i % 1000}`,
      description: `job-${i}`,
      job_schedule: { schedule_interval: '1 days' },
      job_actions: [
        { freezer_action: { action: 'backup', mode: 'fs', path_to_backup: '/etc', backup_name: `b${i}` } },
      ],
    }));
    await postMany(api.url, '/v2/default/backups', BACKUPS, (i) => ({
      container: '/srv/backups',
      hostname: `node${i % 1000}`,
      backup_name: `b${i % JOBS}`,
      time_stamp: 1_790_000_000 + i,
      curr_backup_level: i % 4,
      bytes_stored: 1000 + i,
    }));
    console.log(`seeded ${JOBS} jobs and ${BACKUPS} backups in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      const firstLoad = new Set<string>();
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (/\.(js|css)$/.test(u.pathname)) firstLoad.add(u.pathname);
      });
      await page.goto(`${api.url}/`);
      await page
        .getByLabel('Jobs total')
        .filter({ hasText: String(JOBS) })
        .waitFor();
      const gz = [...firstLoad].reduce((s, p) => s + gzipSync(readFileSync(join(DIST, p))).length, 0);
      console.log(
        `first load of / : ${firstLoad.size} files, ${(gz / 1024).toFixed(1)} KB gzipped (budget 300 KB)`,
      );

      for (const [path, name] of [
        ['/jobs', 'job-0'],
        ['/backups', 'b0'],
      ] as const) {
        const times: number[] = [];
        for (let i = 0; i < RUNS; i += 1) {
          const fresh = await browser.newPage();
          t = performance.now();
          await fresh.goto(`${api.url}${path}`);
          await fresh.getByRole('link', { name, exact: true }).first().waitFor();
          times.push(performance.now() - t);
          await fresh.close();
        }
        console.log(
          `${path}: first page rendered in ${median(times).toFixed(0)} ms (median of ${RUNS}; target < 1000 ms)`,
        );
      }
    } finally {
      await browser.close();
    }
  } finally {
    await api.stop();
  }
}

await main();
