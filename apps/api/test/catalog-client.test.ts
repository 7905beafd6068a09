import { FreezerApiClient, type Transport, fetchTransport } from '@freezer/api-client';
import { httpTransport } from '@freezer/scheduler';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execJob, startTestApi, type TestApi } from './helpers.js';
import { dir, file, header, ndjson } from './support/catalog-tree.js';

describe.each<[string, () => Transport]>([
  ['fetch', () => fetchTransport()],
  ['node:http', () => httpTransport()],
])('api-client catalog methods over %s', (_name, transport) => {
  let t: TestApi;
  let client: FreezerApiClient;
  let backupId = '';

  beforeAll(async () => {
    t = await startTestApi();
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    client = new FreezerApiClient({ apiUrl: url, projectId: 'p1', transport: transport() });
    const jobId = await client.createJob(execJob('p1_h1'));
    backupId = await client.createBackup({
      container: '/repo',
      hostname: 'h1',
      backup_name: 'data',
      path_to_backup: '/srv',
      time_stamp: 1_800_000_000,
      job_id: jobId,
    });
  });
  afterAll(() => t.close());

  it('streams a catalog up, lists it, searches it and restores a selection', async () => {
    const text = ndjson(header('h1', 'data', 0, [1_800_000_000]), [
      dir('a'),
      file('a/one.txt', 1, 2),
      file('a/two.txt', 3, 4),
    ]);
    // Small pieces, so the body really arrives as a stream of chunks.
    const pieces = Readable.from(
      Buffer.from(text)
        .toString('utf8')
        .match(/[\s\S]{1,16}/g)
        ?.map((s) => Buffer.from(s)) ?? [],
    );
    expect(await client.uploadCatalog(backupId, pieces)).toEqual({ backup_id: backupId, entries: 3 });
    const listing = await client.listCatalog(backupId, { path: 'a', sort: '-size' });
    expect('entries' in listing && listing.entries.map((e) => e.name)).toEqual(['two.txt', 'one.txt']);
    const found = await client.searchCatalog('two', { limit: 10 });
    expect(found.matches.map((m) => [m.path, m.versions[0]?.backup_id])).toEqual([['a/two.txt', backupId]]);
    const job = await client.restoreSelection(backupId, { paths: ['a/two.txt'] });
    expect(job.client_id).toBe('p1_h1');
    expect((await client.getJob(job.job_id))?.job_actions[0]?.freezer_action.restore_paths).toBe('a/two.txt');
  });

  it('reports why a backup cannot be browsed, and a bad line as an error naming it', async () => {
    const other = await client.createBackup({ container: '/repo', hostname: 'h1', backup_name: 'x' });
    expect(await client.listCatalog(other)).toMatchObject({ reason: 'no_catalog' });
    const bad = Readable.from([
      Buffer.from(`${JSON.stringify(header('h1', 'x', 0, [1]))}\n{"path":"/abs"}\n`),
    ]);
    await expect(client.uploadCatalog(other, bad)).rejects.toThrow(/line 2: path: /);
  });
});
