import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreezerApiClient, type Transport } from '@freezer/api-client';
import { Scheduler, httpTransport } from '@freezer/scheduler';
import { PROJECT, TOKEN, completed, lines, workDir } from './support/fixtures.js';
import { waitFor } from '@freezer/testkit';
import { startTestApi, type TestApi } from './support/test-api.js';

const AGENT = resolve(import.meta.dirname, 'support/catalog-agent.mjs');
const CLIENT = `${PROJECT}_catalog-node`;

/** Real HTTP to the API, except that the first `failures` catalog uploads find it unreachable. */
function flakyCatalogTransport(failures: number): { transport: Transport; failed: () => number } {
  const real = httpTransport();
  let failed = 0;
  return {
    failed: () => failed,
    transport: async (req) => {
      if (req.method === 'PUT' && req.url.endsWith('/catalog') && failed < failures) {
        failed += 1;
        (req.body as { destroy?: () => void } | undefined)?.destroy?.();
        throw new Error('connect ECONNREFUSED (test)');
      }
      return real(req);
    },
  };
}

describe('the scheduler uploads file catalogs', () => {
  let server: TestApi;
  let api: FreezerApiClient;
  let scheduler: Scheduler;
  let running: Promise<void>;
  const dir = workDir();
  const stateDir = join(dir, 'state');
  const argsLog = join(dir, 'agent-args.log');
  const flaky = flakyCatalogTransport(1);

  beforeAll(async () => {
    server = await startTestApi();
    api = new FreezerApiClient({
      apiUrl: server.url,
      projectId: PROJECT,
      token: TOKEN,
      transport: flaky.transport,
    });
    scheduler = new Scheduler({
      api,
      clientId: CLIENT,
      stateDir,
      agentPath: AGENT,
      agentEnv: { ...process.env, STANDIN_LOG: argsLog },
      interval: 1,
      hostname: 'catalog-node',
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    running = scheduler.start();
  }, 120_000);

  afterAll(async () => {
    await scheduler?.stop();
    await running;
    await server?.stop();
  });

  const runBackup = async (name: string, extra: Record<string, unknown> = {}) => {
    const id = await api.createJob({
      client_id: CLIENT,
      description: name,
      job_schedule: {},
      job_actions: [
        {
          freezer_action: {
            action: 'backup',
            backup_name: name,
            hostname: 'catalog-node',
            container: '/c',
            ...extra,
          },
          max_retries: 0,
        },
      ],
    });
    await api.jobEvent(id, 'start');
    await completed(api, id);
    const backups = await api.listBackups({ limit: 100 });
    const b = backups.find((x) => x.backup_metadata.backup_name === name);
    if (!b) throw new Error(`no backup record for ${name}`);
    return b.backup_id;
  };

  it('after a backup, streams the catalog to its record (retrying a failed upload) and deletes the file', async () => {
    const backupId = await runBackup('with-catalog');
    const listing = await waitFor(
      'the catalog upload',
      async () => {
        const r = await api.listCatalog(backupId, { path: 'docs' });
        return 'entries' in r ? r : null;
      },
      60_000,
    );
    expect(listing.entries.map((e) => [e.name, e.size])).toEqual([['secret-name-with-catalog.txt', 42]]);
    expect(flaky.failed()).toBe(1);
    const agentArgs = lines(argsLog).map((l) => JSON.parse(l) as string[]);
    const withCatalog = agentArgs.find((a) => a.includes('--catalog-out'));
    expect(withCatalog?.slice(0, 3)).toEqual(['--metadata-out', '-', '--catalog-out']);
    expect(readdirSync(join(stateDir, 'spool', 'catalogs'))).toEqual([]);
    expect(readdirSync(join(stateDir, 'spool', 'rejected'))).toEqual([]);
  }, 120_000);

  it('with no_catalog_upload, no file name reaches the API (checked in its SQLite file)', async () => {
    const backupId = await runBackup('no-catalog', { no_catalog_upload: true });
    const r = await api.listCatalog(backupId, {});
    expect(r).toMatchObject({ reason: 'no_catalog' });
    const agentArgs = lines(argsLog).map((l) => JSON.parse(l) as string[]);
    expect(agentArgs.at(-1)).not.toContain('--catalog-out');
    // Whatever is queued has been delivered before the database is read.
    await scheduler.outbox.flush();
    const file = join(server.dir, 'freezer.sqlite');
    const db = new Database(file, { readonly: true });
    try {
      const points = db.prepare('SELECT backup_id FROM catalog_points').all() as { backup_id: string }[];
      expect(points.map((p) => p.backup_id)).not.toContain(backupId);
      expect(points).toHaveLength(1);
    } finally {
      db.close();
    }
    for (const f of [file, `${file}-wal`]) {
      if (existsSync(f)) expect(readFileSync(f).includes('secret-name-no-catalog')).toBe(false);
    }
    expect(readdirSync(join(stateDir, 'spool', 'catalogs'))).toEqual([]);
  }, 120_000);
});
