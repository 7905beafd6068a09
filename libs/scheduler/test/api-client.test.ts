import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, ApiUnreachableError, FreezerApiClient, fetchTransport } from '@freezer/api-client';
import { PROJECT } from './support/fixtures.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let server: TestApi;

beforeAll(async () => {
  server = await startTestApi();
});

afterAll(async () => {
  await server?.stop();
});

describe('api-client against our API', () => {
  it('with the default fetch transport (no GET body) the search still filters through ?search=', async () => {
    const api = new FreezerApiClient({ apiUrl: server.url, projectId: PROJECT, transport: fetchTransport() });
    for (const c of ['p1_fa', 'p1_fb']) {
      await api.createJob({
        client_id: c,
        job_schedule: {},
        job_actions: [{ freezer_action: { action: 'exec', command: 'true' } }],
      });
    }
    const mine = await api.listAllJobs({ match: [{ client_id: 'p1_fb' }] });
    expect(mine.map((j) => j.client_id)).toEqual(['p1_fb']);
  });

  it('errors carry status and the API description; a missing object is null', async () => {
    const api = new FreezerApiClient({ apiUrl: server.url, projectId: PROJECT });
    expect(await api.getJob('nope')).toBeNull();
    const err = await api
      .createJob({ client_id: 'p1_x', job_actions: 'bad' as never })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).message).toMatch(/job_actions/);
    expect((err as ApiError).transient).toBe(false);
    const dup = await api
      .registerClient({ client_id: 'p1_dup' })
      .then(() => api.registerClient({ client_id: 'p1_dup' }))
      .catch((e: unknown) => e);
    expect((dup as ApiError).status).toBe(409);
  });

  it('keystone auth: token, project and backup URL come from the identity endpoint', async () => {
    const api = new FreezerApiClient({
      keystone: { authUrl: `${server.url}/v3`, username: 'admin', password: 'x', projectName: 'p-ks' },
    });
    const { apiUrl, projectId } = await api.connect();
    expect(projectId).toBe('p-ks');
    expect(new URL(apiUrl).port).toBe(new URL(server.url).port);
    expect(await api.listJobs()).toEqual([]);
  });

  it('an unreachable API is a transient ApiUnreachableError', async () => {
    const api = new FreezerApiClient({ apiUrl: 'http://127.0.0.1:1', projectId: PROJECT });
    await expect(api.listJobs()).rejects.toBeInstanceOf(ApiUnreachableError);
  });
});
