import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execJob } from './helpers.js';
import { type AuthFixture, startAuthFixture } from './support/auth-fixture.js';
import { dir, file, header, ndjson } from './support/catalog-tree.js';

const catalog = (name: string) =>
  ndjson(header('h', name, 0, [1]), [dir('d'), file('d/secret-p1.txt', 1, 1)]);

describe('file catalogs: projects, roles and scheduler tokens', () => {
  let f: AuthFixture;
  let ownBackup = '';
  let otherClientBackup = '';

  const put = (token: string, url: string, body: string) =>
    f.api.app.inject({
      method: 'PUT',
      url,
      headers: { 'x-auth-token': token, 'content-type': 'application/x-ndjson' },
      payload: body,
    });

  beforeAll(async () => {
    f = await startAuthFixture();
    const t = f.tokens.p1Member;
    const c1Job = (await f.asToken(t, 'POST', '/v2/p1/jobs', execJob('c1'))).json().job_id as string;
    const c2Job = (await f.asToken(t, 'POST', '/v2/p1/jobs', execJob('c2'))).json().job_id as string;
    const backup = async (name: string, jobId: string) =>
      (
        await f.asToken(t, 'POST', '/v2/p1/backups', {
          container: '/b',
          hostname: 'h',
          backup_name: name,
          time_stamp: 1,
          job_id: jobId,
          path_to_backup: '/data',
        })
      ).json().backup_id as string;
    ownBackup = await backup('own', c1Job);
    otherClientBackup = await backup('other', c2Job);
    expect((await put(t, `/v2/p1/backups/${ownBackup}/catalog`, catalog('own'))).statusCode).toBe(201);
  }, 60_000);
  afterAll(() => f.api.close());

  it("another project's token can neither read, search, write nor restore", async () => {
    const p2 = f.tokens.p2Member;
    const tries = [
      await f.asToken(p2, 'GET', `/v2/p1/backups/${ownBackup}/catalog?path=d`),
      await f.asToken(p2, 'GET', '/v2/p1/catalog/search?q=secret'),
      await put(p2, `/v2/p1/backups/${ownBackup}/catalog`, catalog('own')),
      await f.asToken(p2, 'POST', `/v2/p1/backups/${ownBackup}/restore`, { paths: ['d'] }),
    ];
    for (const res of tries) {
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toMatch(/secret-p1/);
    }
    // In its own project the same ids lead nowhere.
    expect((await f.asToken(p2, 'GET', `/v2/p2/backups/${ownBackup}/catalog`)).statusCode).toBe(404);
    expect((await f.asToken(p2, 'GET', '/v2/p2/catalog/search?q=secret')).json().matches).toEqual([]);
  });

  it('a reader browses and searches but cannot upload or restore', async () => {
    const r = f.tokens.p1Reader;
    const listing = await f.asToken(r, 'GET', `/v2/p1/backups/${ownBackup}/catalog?path=d`);
    expect(listing.json().entries.map((e: { name: string }) => e.name)).toEqual(['secret-p1.txt']);
    expect((await f.asToken(r, 'GET', '/v2/p1/catalog/search?q=secret')).json().total).toBe(1);
    expect((await put(r, `/v2/p1/backups/${ownBackup}/catalog`, catalog('own'))).statusCode).toBe(403);
    expect(
      (await f.asToken(r, 'POST', `/v2/p1/backups/${ownBackup}/restore`, { paths: ['d'] })).statusCode,
    ).toBe(403);
  });

  it("a scheduler token uploads only catalogs of its client's backups, and reads none", async () => {
    const s = f.tokens.p1SchedulerC1;
    expect((await put(s, `/v2/p1/backups/${ownBackup}/catalog`, catalog('own'))).statusCode).toBe(201);
    const other = await put(s, `/v2/p1/backups/${otherClientBackup}/catalog`, catalog('other'));
    expect(other.statusCode).toBe(404);
    expect((await f.asToken(s, 'GET', `/v2/p1/backups/${ownBackup}/catalog`)).statusCode).toBe(403);
    expect((await f.asToken(s, 'GET', '/v2/p1/catalog/search?q=secret')).statusCode).toBe(403);
  });
});
