import {
  type CatalogEntry,
  type CatalogListEntry,
  type CatalogSearchMatch,
  catalogBytes,
  catalogText,
} from '@freezer/schema';
import { actionToIni } from '@freezer/scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execJob, startTestApi, type TestApi } from './helpers.js';
import {
  type Tree,
  childrenOf,
  diffRecords,
  dir,
  file,
  foldersOf,
  header,
  ndjson,
  treeOf,
} from './support/catalog-tree.js';

const NDJSON = { 'content-type': 'application/x-ndjson' };
const TIMES = [1_800_000_000, 1_800_086_400, 1_800_172_800, 1_800_259_200];

/** Level 0..3 of one client's tree, with changes, deletions, renames and type changes between. */
function states(): Tree[] {
  const big = Array.from({ length: 120 }, (_, i) =>
    file(`big/f${String(i).padStart(4, '0')}`, 1000 - i, 1_700_000_000 + i * 7),
  );
  const s0 = treeOf([
    file('docs/report.txt', 100, 1_700_000_100),
    file('docs/notes/a.md', 10, 1_700_000_101),
    file('docs/notes/b.md', 11, 1_700_000_102),
    file('src/main.c', 20, 1_700_000_103),
    file('src/util/x.c', 21, 1_700_000_104),
    file('src/util/y.c', 22, 1_700_000_105),
    file('readme', 5, 1_700_000_106),
    file('old/keep.txt', 6, 1_700_000_107),
    { path: 'link', type: 'symlink', size: 0, mtime: 1_700_000_108, mode: 0o777, link: 'docs/report.txt' },
    file('we\tird\nname', 1, 1_700_000_109),
    ...big,
  ]);
  const s1 = new Map(s0);
  s1.set('docs/report.txt', file('docs/report.txt', 200, 1_800_000_500));
  s1.delete('docs/notes/b.md');
  s1.set('docs/notes/c.md', file('docs/notes/c.md', 12, 1_800_000_501));
  for (const [path, e] of s0) {
    if (path !== 'src' && !path.startsWith('src/')) continue;
    s1.delete(path);
    const moved = `lib${path.slice(3)}`;
    s1.set(moved, { ...e, path: moved });
  }
  const s2 = new Map(s1);
  for (const path of [...s2.keys()]) if (path === 'old' || path.startsWith('old/')) s2.delete(path);
  s2.set('readme', dir('readme', 1_800_100_000));
  s2.set('readme/index.md', file('readme/index.md', 30, 1_800_100_001));
  s2.set('lib/util/x.c', file('lib/util/x.c', 99, 1_800_100_002));
  s2.delete('big/f0003');
  const s3 = new Map(s2);
  s3.set('src', dir('src', 1_800_200_000));
  s3.set('src/new.c', file('src/new.c', 40, 1_800_200_001));
  s3.set('old', file('old', 41, 1_800_200_002));
  s3.delete('docs/report.txt');
  s3.delete('readme/index.md');
  s3.set('empty', dir('empty', 1_800_200_003));
  return [s0, s1, s2, s3];
}

const shown = (e: CatalogEntry | CatalogListEntry) => ({
  path: e.path,
  type: e.type,
  size: e.size,
  mtime: e.mtime,
  mode: e.mode,
  ...(e.link !== undefined ? { link: e.link } : {}),
});

describe('file catalogs', () => {
  let t: TestApi;
  const trees = states();
  const ids: string[] = [];
  let jobId = '';

  const postBackup = async (project: string, host: string, name: string, level: number, uuid: string) => {
    const res = await t.call('POST', `/v2/${project}/backups`, {
      container: '/repo',
      storage: 'local',
      hostname: host,
      backup_name: name,
      path_to_backup: '/srv/data',
      engine_name: 'tar',
      level,
      curr_backup_level: level,
      time_stamp: TIMES[level],
      backup_uuid: uuid,
      job_id: jobId,
    });
    expect(res.statusCode).toBe(201);
    return res.json().backup_id as string;
  };
  const put = (project: string, backupId: string, body: string) =>
    t.app.inject({
      method: 'PUT',
      url: `/v2/${project}/backups/${backupId}/catalog`,
      headers: NDJSON,
      payload: body,
    });

  beforeAll(async () => {
    t = await startTestApi();
    jobId = (await t.call('POST', '/v2/p1/jobs', execJob('p1_h1'))).json().job_id;
    let prev: Tree = new Map();
    for (const [level, tree] of trees.entries()) {
      const id = await postBackup('p1', 'h1', 'data', level, `h1-${level}`);
      const res = await put('p1', id, ndjson(header('h1', 'data', level, TIMES), diffRecords(prev, tree)));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().entries).toBe(diffRecords(prev, tree).length);
      ids.push(id);
      prev = tree;
    }
  }, 60_000);
  afterAll(() => t.close());

  const list = (backupId: string, path: string, query = 'limit=10000', project = 'p1') =>
    t.call('GET', `/v2/${project}/backups/${backupId}/catalog?path=${encodeURIComponent(path)}&${query}`);

  it('lists every folder at every point of a 4-level chain as the tree was then', async () => {
    const everFolders = new Set(trees.flatMap(foldersOf));
    let compared = 0;
    for (const [level, tree] of trees.entries()) {
      const id = ids[level] ?? '';
      const now = new Set(foldersOf(tree));
      for (const folder of everFolders) {
        const res = await list(id, folder);
        if (!now.has(folder)) {
          expect(res.statusCode, `L${level} ${folder} should be gone`).toBe(404);
          expect(res.json().reason).toBe('no_such_directory');
          continue;
        }
        expect(res.statusCode, `L${level} "${folder}": ${res.body}`).toBe(200);
        expect(res.json().entries.map(shown), `L${level} "${folder}"`).toEqual(
          childrenOf(tree, folder).map(shown),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('keeps names that are not UTF-8 exact in listings and search', async () => {
    const folder = catalogText(Buffer.from('caf\xe9', 'latin1'));
    const twin = catalogText(Buffer.from('caf\xe8', 'latin1'));
    const name = catalogText(Buffer.from('uniq\xff.txt', 'latin1'));
    expect(folder).not.toBe(twin);
    const id = await postBackup('p1', 'h2', 'raw', 0, 'raw-0');
    const records = [
      dir(folder, 1_700_000_000),
      file(`${folder}/${name}`, 7, 1_700_000_001),
      dir(twin, 1_700_000_002),
      file(`${twin}/${name}`, 8, 1_700_000_003),
    ];
    const res = await put('p1', id, ndjson(header('h2', 'raw', 0, TIMES), records));
    expect(res.statusCode, res.body).toBe(201);
    const root = (await list(id, '')).json();
    expect(root.entries.map((e: CatalogListEntry) => e.name)).toEqual([twin, folder].sort());
    const found = (await t.call('GET', '/v2/p1/catalog/search?q=uniq')).json();
    expect(found.matches.map((m: CatalogSearchMatch) => [m.path, m.versions[0]?.size])).toEqual(
      [
        [`${folder}/${name}`, 7],
        [`${twin}/${name}`, 8],
      ].sort(),
    );
    // The exact bytes come back: 0xe9 and 0xff, not U+FFFD.
    expect(Buffer.from(catalogBytes(found.matches[0]?.path ?? '')).toString('latin1')).toMatch(
      /^caf[\xe8\xe9]\/uniq\xff\.txt$/,
    );
  });

  it('pages and sorts a listing', async () => {
    const id = ids[2] ?? '';
    const all = childrenOf(trees[2] ?? new Map(), 'big');
    const bySize = [...all].sort((a, b) => a.size - b.size);
    const res = await list(id, 'big', 'limit=10&offset=5&sort=size');
    expect(res.json().total).toBe(all.length);
    expect(res.json().entries.map((e: CatalogListEntry) => e.path)).toEqual(
      bySize.slice(5, 15).map((e) => e.path),
    );
    const newest = await list(id, 'big', 'limit=3&sort=-mtime');
    expect(newest.json().entries.map((e: CatalogListEntry) => e.name)).toEqual(['f0119', 'f0118', 'f0117']);
    expect((await list(id, 'big', 'sort=owner')).statusCode).toBe(400);
  });

  it('says why a backup cannot be browsed', async () => {
    const bare = await postBackup('p1', 'h1', 'stock', 0, 'bare');
    const none = await list(bare, '');
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ reason: 'no_catalog' });
    expect(none.json().description).toMatch(/no file catalog.*--no-catalog-upload/);
    // A level 1 whose level 0 has no catalog.
    const l1 = await postBackup('p1', 'h1', 'half', 1, 'half-1');
    const h = header('h1', 'half', 1, TIMES);
    expect((await put('p1', l1, ndjson(h, [file('a', 1, 1)]))).statusCode).toBe(201);
    expect((await list(l1, '')).json()).toMatchObject({ reason: 'chain_incomplete' });
    expect((await list(ids[0] ?? '', 'nowhere')).json()).toMatchObject({ reason: 'no_such_directory' });
    expect((await list('unknown-backup', '')).statusCode).toBe(404);
  });

  it('finds every version of a file across points and clients, grouped per file', async () => {
    jobId = '';
    const other = await postBackup('p1', 'h2', 'home', 0, 'h2-0');
    const h = header('h2', 'home', 0, [TIMES[2] ?? 0]);
    expect(
      (await put('p1', other, ndjson(h, [dir('docs'), file('docs/Report.txt', 7, 1_700_000_000)])))
        .statusCode,
    ).toBe(201);
    const res = await t.call('GET', '/v2/p1/catalog/search?q=report');
    expect(res.statusCode).toBe(200);
    const matches = res.json().matches as CatalogSearchMatch[];
    expect(matches.map((m) => [m.hostname, m.path])).toEqual([
      ['h2', 'docs/Report.txt'],
      ['h1', 'docs/report.txt'],
    ]);
    expect(matches[1]?.versions.map((v) => [v.backup_id, v.level, v.size, v.mtime])).toEqual([
      [ids[0], 0, 100, 1_700_000_100],
      [ids[1], 1, 200, 1_800_000_500],
    ]);
    expect(matches[0]?.versions).toEqual([
      { backup_id: other, level: 0, time_stamp: TIMES[2], type: 'file', size: 7, mtime: 1_700_000_000 },
    ]);
    const glob = (await t.call('GET', '/v2/p1/catalog/search?q=**/util/*.c')).json();
    expect(glob.matches.map((m: CatalogSearchMatch) => [m.path, m.versions.map((v) => v.level)])).toEqual([
      ['lib/util/x.c', [1, 2]],
      ['lib/util/y.c', [1]],
      ['src/util/x.c', [0]],
      ['src/util/y.c', [0]],
    ]);
    const paged = (await t.call('GET', '/v2/p1/catalog/search?q=f00&limit=5&offset=10')).json();
    expect(paged.total).toBe(100);
    expect(paged.matches.map((m: CatalogSearchMatch) => m.path)).toEqual(
      ['f0010', 'f0011', 'f0012', 'f0013', 'f0014'].map((n) => `big/${n}`),
    );
    expect((await t.call('GET', '/v2/p1/catalog/search?q=')).statusCode).toBe(400);
  });

  it('refuses a bad line with a 400 naming it, and keeps the earlier catalog', async () => {
    const id = ids[0] ?? '';
    const h = JSON.stringify(header('h1', 'data', 0, TIMES));
    const cases: [string, RegExp][] = [
      [
        `${h}\n${JSON.stringify(file('a', 1, 1))}\n{"path":"../x","type":"file","size":1,"mtime":1,"mode":420}\n`,
        /^line 3: path: must be a relative path/,
      ],
      [`${h}\nnot json\n`, /^line 2: not JSON/],
      [`${h}\n${JSON.stringify({ ...file('a', 1, 1), size: -1 })}\n`, /^line 2: size: /],
      [`${h}\n\n{"path":"a","deleted":false}\n`, /^line 3: deleted: /],
      ['{"format":"tar"}\n', /^line 1: format: /],
      [
        JSON.stringify(header('other-host', 'data', 0, TIMES)),
        /^line 1: hostname "other-host" is not the backup's "h1"/,
      ],
      ['', /^line 1: the catalog is empty/],
    ];
    for (const [body, message] of cases) {
      const res = await put('p1', id, body);
      expect(res.statusCode, body).toBe(400);
      expect(res.json().description).toMatch(message);
    }
    const json = await t.call('PUT', `/v2/p1/backups/${id}/catalog`, { a: 1 });
    expect(json.statusCode).toBe(415);
    expect(json.json().description).toBe('send the catalog as application/x-ndjson');
    const res = await list(id, 'docs');
    expect(res.json().entries.map(shown)).toEqual(childrenOf(trees[0] ?? new Map(), 'docs').map(shown));
  });

  it('another project can neither read nor write the catalog', async () => {
    const id = ids[1] ?? '';
    expect((await list(id, '', 'limit=1', 'p2')).statusCode).toBe(404);
    expect((await put('p2', id, ndjson(header('h1', 'data', 0, TIMES), []))).statusCode).toBe(404);
    const found = (await t.call('GET', '/v2/p2/catalog/search?q=report')).json();
    expect(found).toEqual({ total: 0, truncated: false, matches: [] });
    expect((await list(id, 'docs')).json().total).toBe(childrenOf(trees[1] ?? new Map(), 'docs').length);
  });

  it('creates and starts a restore job for a selection of a point', async () => {
    const ownJob = (await t.call('POST', '/v2/p1/jobs', execJob('p1_h1'))).json().job_id as string;
    jobId = ownJob;
    const id = await postBackup('p1', 'h1', 'data', 1, 'restore-1');
    const res = await t.call('POST', `/v2/p1/backups/${id}/restore`, {
      paths: ['docs/report.txt', 'lib/**'],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().client_id).toBe('p1_h1');
    const job = (await t.call('GET', `/v2/p1/jobs/${res.json().job_id}`)).json();
    expect(job.client_id).toBe('p1_h1');
    expect(job.job_schedule.event).toBe('start');
    expect(job.job_actions).toHaveLength(1);
    expect(job.job_actions[0].freezer_action).toMatchObject({
      action: 'restore',
      storage: 'local',
      container: '/repo',
      backup_name: 'data',
      hostname: 'h1',
      engine_name: 'tar',
      restore_abs_path: '/srv/data',
      restore_from_date: new Date((TIMES[1] ?? 0) * 1000).toISOString().replace('.000Z', 'Z'),
      restore_paths: 'docs/report.txt,lib/**',
      overwrite: false,
    });
    // What the scheduler hands the agent (its INI) names the point and the selection.
    const ini = actionToIni(job.job_actions[0].freezer_action).split('\n');
    expect(ini).toEqual(
      expect.arrayContaining([
        'action = restore',
        `restore_from_date = ${new Date((TIMES[1] ?? 0) * 1000).toISOString().replace('.000Z', 'Z')}`,
        'restore_paths = docs/report.txt,lib/**',
        'restore_abs_path = /srv/data',
        'overwrite = False',
      ]),
    );
    const elsewhere = await t.call('POST', `/v2/p1/backups/${id}/restore`, {
      paths: ['docs'],
      client_id: 'p1_h9',
      restore_abs_path: '/tmp/restored',
      overwrite: true,
    });
    const fa = (await t.call('GET', `/v2/p1/jobs/${elsewhere.json().job_id}`)).json();
    expect(fa.client_id).toBe('p1_h9');
    expect(fa.job_actions[0].freezer_action).toMatchObject({
      restore_abs_path: '/tmp/restored',
      overwrite: true,
    });
    const bad = await t.call('POST', `/v2/p1/backups/${id}/restore`, { paths: [] });
    expect(bad.statusCode).toBe(400);
    const relative = await t.call('POST', `/v2/p1/backups/${id}/restore`, {
      paths: ['a'],
      restore_abs_path: 'x',
    });
    expect(relative.statusCode).toBe(400);
    expect((await t.call('POST', `/v2/p2/backups/${id}/restore`, { paths: ['a'] })).statusCode).toBe(404);
  });

  it('documents the catalog routes in OpenAPI, the upload as NDJSON', async () => {
    const doc = (await t.call('GET', '/openapi.json')).json();
    const paths = doc.paths as Record<string, Record<string, { requestBody?: { content: object } }>>;
    expect(Object.keys(paths['/v2/{project_id}/backups/{backup_id}/catalog'] ?? {}).sort()).toEqual([
      'get',
      'put',
    ]);
    expect(
      Object.keys(paths['/v2/{project_id}/backups/{backup_id}/catalog']?.put?.requestBody?.content ?? {}),
    ).toEqual(['application/x-ndjson']);
    expect(paths['/v2/{project_id}/catalog/search']?.get).toBeDefined();
    expect(paths['/v2/{project_id}/backups/{backup_id}/restore']?.post).toBeDefined();
  });

  it('a second upload replaces the catalog of a backup', async () => {
    const id = await postBackup('p1', 'h4', 'again', 0, 'again-0');
    const h = header('h4', 'again', 0, TIMES);
    expect((await put('p1', id, ndjson(h, [file('first.txt', 1, 1)]))).statusCode).toBe(201);
    expect((await put('p1', id, ndjson(h, [file('second.txt', 2, 2)]))).statusCode).toBe(201);
    expect((await list(id, '')).json().entries.map((e: CatalogListEntry) => e.name)).toEqual(['second.txt']);
    expect((await t.call('GET', '/v2/p1/catalog/search?q=first.txt')).json().total).toBe(0);
  });

  it('deletes a catalog with its backup, keeping chunks other points share', async () => {
    const a = await postBackup('p1', 'h3', 'twin', 0, 'twin-a');
    const b = await postBackup('p1', 'h3', 'twin', 1, 'twin-b');
    const records = [dir('d'), file('d/same.txt', 3, 3)];
    expect((await put('p1', a, ndjson(header('h3', 'twin', 0, TIMES), records))).statusCode).toBe(201);
    expect(
      (await put('p1', b, ndjson({ ...header('h3', 'twin', 0, TIMES), time_stamp: 5 }, records))).statusCode,
    ).toBe(201);
    expect((await t.call('DELETE', `/v2/p1/backups/${a}`)).statusCode).toBe(204);
    expect((await list(a, 'd')).statusCode).toBe(404);
    expect((await list(b, 'd')).json().entries.map((e: CatalogListEntry) => e.name)).toEqual(['same.txt']);
    const search = (await t.call('GET', '/v2/p1/catalog/search?q=same.txt')).json();
    expect(search.matches[0].versions.map((v: { backup_id: string }) => v.backup_id)).toEqual([b]);
  });
});
