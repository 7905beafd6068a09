import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, startTestApi } from './helpers.js';

let api: TestApi;
let webRoot: string;
beforeAll(async () => {
  webRoot = join(process.env.TMPDIR ?? '/tmp', `freezer-web-${process.pid}`);
  mkdirSync(join(webRoot, 'assets'), { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>freezer dashboard</title>');
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
  api = await startTestApi({ webRoot });
});
afterAll(async () => {
  await api.close();
  rmSync(webRoot, { recursive: true, force: true });
});

describe('meta endpoints', () => {
  it('GET / is a 300 versions document for API clients and the web app for browsers', async () => {
    const res = await api.call('GET', '/');
    expect(res.statusCode).toBe(300);
    expect(res.json().versions[0]).toMatchObject({
      id: 'v2',
      status: 'CURRENT',
      links: [{ href: 'http://localhost:80/v2/', rel: 'self' }],
    });
    const page = await api.call('GET', '/', undefined, { accept: 'text/html' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('freezer dashboard');
  });

  it('serves static files and falls back to index.html for client-side routes, but API routes win', async () => {
    expect((await api.call('GET', '/assets/app.js')).body).toBe('console.log(1)');
    const deep = await api.call('GET', '/jobs/123', undefined, { accept: 'text/html' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('freezer dashboard');
    const apiMiss = await api.call('GET', '/v2/p1/unknown', undefined, { accept: 'text/html' });
    expect(apiMiss.statusCode).toBe(404);
    expect(apiMiss.json().title).toBe('404 Not Found');
    expect((await api.call('GET', '/v2/p1/jobs', undefined, { accept: 'text/html' })).json()).toEqual({
      jobs: [],
    });
  });

  it('health endpoints', async () => {
    const hc = await api.call('GET', '/healthcheck');
    expect(hc.body).toBe('OK');
    expect(hc.headers['content-type']).toContain('text/plain');
    // Anonymous callers (everyone without auth) learn only whether the API is healthy.
    expect((await api.call('GET', '/healthz')).json()).toEqual({ status: 'ok' });
  });

  it('JSON-home for /v2 and /v2/', async () => {
    for (const url of ['/v2', '/v2/']) {
      const res = await api.call('GET', url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/json-home');
      expect(res.json().resources['rel/backups']['href-template']).toBe(
        '/v2/{project_id}/backups/{backup_id}',
      );
    }
  });

  it('OPTIONS answers with allow; OpenAPI and its UI are served', async () => {
    const opt = await api.call('OPTIONS', '/v2/p1/jobs/');
    expect(opt.statusCode).toBe(200);
    expect(opt.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    const doc = (await api.call('GET', '/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v2/{project_id}/jobs/{job_id}/runs', '/v1/jobs', '/v3/auth/tokens']),
    );
    expect(
      doc.paths['/v2/{project_id}/jobs'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['job_actions', 'client_id']);
    expect((await api.call('GET', '/docs/')).statusCode).toBe(200);
  });
});

describe('identity (Keystone v3 subset)', () => {
  it('discovery, token issue echoing the project, catalog pointing at this API, validation', async () => {
    const v3 = await api.call('GET', '/v3');
    expect(v3.json().version).toMatchObject({ id: 'v3.14', status: 'stable' });
    const body = {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'bob', password: 'x', domain: { name: 'Default' } } },
        },
        scope: { project: { name: 'proj-a', domain: { name: 'Default' } } },
      },
    };
    const res = await api.app.inject({
      method: 'POST',
      url: '/v3/auth/tokens',
      headers: { host: '127.0.0.1:9999', 'content-type': 'application/json' },
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    const token = res.headers['x-subject-token'];
    expect(token).toMatch(/^fz-[0-9a-f]{32}$/);
    const t = res.json().token;
    expect(t.project).toMatchObject({ id: 'proj-a', name: 'proj-a' });
    expect(t.user).toMatchObject({ id: 'admin', name: 'bob' });
    expect(Date.parse(t.expires_at)).toBeGreaterThan(Date.now());
    const backup = t.catalog.find((s: { type: string }) => s.type === 'backup');
    expect(
      backup.endpoints.map((e: { interface: string; url: string }) => `${e.interface}=${e.url}`),
    ).toEqual([
      'public=http://127.0.0.1:9999',
      'internal=http://127.0.0.1:9999',
      'admin=http://127.0.0.1:9999',
    ]);
    const defaults = (
      await api.call('POST', '/v3/auth/tokens', {
        auth: { identity: { methods: ['token'], token: { id: 'x' } } },
      })
    ).json().token;
    expect(defaults.project.id).toBe('default');
    const check = await api.call('GET', '/v3/auth/tokens', undefined, { 'x-subject-token': String(token) });
    expect(check.statusCode).toBe(200);
    expect(check.headers['x-subject-token']).toBe(token);
    expect((await api.call('GET', '/v3/auth/tokens')).statusCode).toBe(400);
  });
});
