import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, execJob, startTestApi } from './helpers.js';

/** `{"a":{"a":…1…}}` nested `depth` levels, as text (JSON.stringify itself overflows on it). */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

async function jobCount(api: TestApi): Promise<number> {
  return (await api.call('GET', '/v2/default/jobs?limit=-1')).json().jobs.length;
}

describe('no-auth mode refuses what a web page could send', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('answers only to loopback Host names: a DNS-rebound name gets 403 and no data', async () => {
    await api.call('POST', '/v2/default/jobs', execJob('c1', { description: 'private' }));
    const rebound = await api.call('GET', '/v2/default/jobs', undefined, {
      host: 'rebind.attacker.example:9090',
    });
    expect(rebound.statusCode).toBe(403);
    expect(rebound.body).not.toContain('private');
    expect(rebound.json().description).toMatch(/Host rebind\.attacker\.example:9090 refused/);
    for (const host of ['127.0.0.1:9090', 'localhost:9090', '[::1]:9090', '127.0.0.2', 'LOCALHOST']) {
      const res = await api.call('GET', '/v2/default/jobs', undefined, { host });
      expect(res.statusCode, host).toBe(200);
    }
  });

  it('refuses cross-origin writes (Origin, Sec-Fetch-Site) but takes same-origin ones', async () => {
    const before = await jobCount(api);
    for (const headers of [
      { origin: 'http://evil.example' } as Record<string, string>,
      { origin: 'null' },
      { origin: 'http://localhost:3000' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]) {
      const res = await api.call('POST', '/v2/default/jobs', execJob('c1'), headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().description).toMatch(/refused: without authentication/);
    }
    expect(await jobCount(api)).toBe(before);
    // The dashboard's own fetch: Origin equal to Host, Sec-Fetch-Site same-origin.
    const own = await api.call('POST', '/v2/default/jobs', execJob('c1'), {
      host: '127.0.0.1:9090',
      origin: 'http://127.0.0.1:9090',
      'sec-fetch-site': 'same-origin',
    });
    expect(own.statusCode).toBe(201);
    // Reads stay open to any origin: without CORS headers the browser hides the answer anyway.
    const read = await api.call('GET', '/v2/default/jobs', undefined, { origin: 'http://evil.example' });
    expect(read.statusCode).toBe(200);
  });

  it('refuses non-JSON bodies with 415 (a form or text/plain needs no CORS preflight)', async () => {
    const before = await jobCount(api);
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await api.call('POST', '/v2/default/jobs', JSON.stringify(execJob('c1')), {
        'content-type': type,
      });
      expect(res.statusCode, type).toBe(415);
      expect(res.json()).toEqual({
        title: 'Unsupported Media Type',
        description: `send the body as application/json, not ${type}`,
      });
    }
    expect(await jobCount(api)).toBe(before);
    const withCharset = await api.call('POST', '/v2/default/jobs', JSON.stringify(execJob('c1')), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(withCharset.statusCode).toBe(201);
  });

  it('takes more Host names when configured (--allowed-hosts)', async () => {
    const other = await startTestApi({ allowedHosts: ['backup.lan', '10.0.0.5:9090'] });
    try {
      for (const host of ['backup.lan:9090', '10.0.0.5:9090', '10.0.0.5']) {
        expect((await other.call('GET', '/v2/default/jobs', undefined, { host })).statusCode, host).toBe(200);
      }
      const write = await other.call('POST', '/v2/default/jobs', execJob('c1'), {
        host: '127.0.0.1:9090',
        origin: 'http://backup.lan:9090',
      });
      expect(write.statusCode).toBe(201);
      expect((await other.call('GET', '/v2/default/jobs', undefined, { host: 'other.lan' })).statusCode).toBe(
        403,
      );
    } finally {
      await other.close();
    }
  });

  it('deeply nested JSON in open fields is a 400, not a 500', async () => {
    const deepAction = JSON.stringify(execJob('c1')).replace(
      '"command":"echo hi"',
      `"command":"echo hi","extra":${nested(5000)}`,
    );
    const job = await api.call('POST', '/v2/default/jobs', deepAction);
    expect(job.statusCode).toBe(400);
    expect(job.json().description).toBe('Request body is nested deeper than 64 levels');
    const backup = await api.call(
      'POST',
      '/v2/default/backups',
      `{"container":"/b","hostname":"h","backup_name":"n","extra":${nested(3000)}}`,
    );
    expect(backup.statusCode).toBe(400);
    expect((await api.call('GET', '/v2/default/jobs', nested(3000))).statusCode).toBe(400);
    // A string full of brackets is not nesting.
    const brackets = await api.call(
      'POST',
      '/v2/default/jobs',
      execJob('c1', { description: '['.repeat(5000) }),
    );
    expect(brackets.statusCode).toBe(201);
  });

  it('huge limit/offset/since are a 400 with a message', async () => {
    for (const url of [
      '/v2/default/jobs?limit=99999999999999999999',
      '/v2/default/jobs?offset=99999999999999999999',
      '/v2/default/backups?limit=-99999999999999999999',
      '/v2/default/runs?since=99999999999999999999',
    ]) {
      const res = await api.call('GET', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().description, url).toMatch(/parameter is invalid/);
    }
    expect((await api.call('GET', '/v2/default/jobs?limit=2147483647&offset=5')).statusCode).toBe(200);
  });

  it('path ids of create-or-replace routes follow the body id rule', async () => {
    for (const [path, body] of [
      ['/v2/P/jobs/..%2F..%2Fx', execJob('c1')],
      ['/v2/P/jobs/a%20b', execJob('c1')],
      ['/v2/P/jobs/a%00b', execJob('c1')],
      ['/v2/P/jobs/%3Cscript%3E', execJob('c1')],
      ['/v2/P/actions/..%2Fx', { freezer_action: { action: 'exec', command: 'true' } }],
      ['/v2/P/sessions/a%20b', { description: 's', schedule: {}, hold_off: 0 }],
    ] as const) {
      const res = await api.call('POST', path, body);
      expect(res.statusCode, path).toBe(400);
      expect(res.json().description, path).toMatch(/must match/);
    }
    expect((await api.call('GET', '/v2/P/jobs?limit=-1')).json().jobs).toEqual([]);
    expect((await api.call('POST', '/v2/P/jobs/good-id_1', execJob('c1'))).statusCode).toBe(201);
  });

  it('a malformed If-Match is a 400 and the update is not applied', async () => {
    const id = (await api.call('POST', '/v2/default/jobs', execJob('c1', { description: 'v1' }))).json()
      .job_id;
    for (const tag of ['"garbage"', 'W/"x"', '"1" junk', '1.5']) {
      const res = await api.call(
        'PATCH',
        `/v2/default/jobs/${id}`,
        { description: 'changed' },
        {
          'if-match': tag,
        },
      );
      expect(res.statusCode, tag).toBe(400);
      expect(res.json().description).toMatch(/If-Match must be one version/);
    }
    expect((await api.call('GET', `/v2/default/jobs/${id}`)).json().description).toBe('v1');
    const etag = String((await api.call('GET', `/v2/default/jobs/${id}`)).headers.etag);
    const ok = await api.call('PATCH', `/v2/default/jobs/${id}`, { description: 'v2' }, { 'if-match': etag });
    expect(ok.statusCode).toBe(200);
    const stale = await api.call(
      'PATCH',
      `/v2/default/jobs/${id}`,
      { description: 'v3' },
      {
        'if-match': etag,
      },
    );
    expect(stale.statusCode).toBe(409);
  });

  it('invalid UTF-8 in a body is a 400, not silently replaced', async () => {
    const [head, tail] = JSON.stringify(execJob('c1', { description: '@@' })).split('@@') as [string, string];
    const bytes = Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(tail)]);
    const res = await api.app.inject({
      method: 'POST',
      url: '/v2/default/jobs',
      headers: { 'content-type': 'application/json' },
      payload: bytes,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().description).toBe('Request body is not valid UTF-8');
  });

  it('the identity catalog takes its URL from --public-url, not from the request', async () => {
    const proxied = await startTestApi({ publicUrl: 'https://backup.example.com/freezer/' });
    try {
      const res = await proxied.call(
        'POST',
        '/v3/auth/tokens',
        { auth: { identity: { methods: ['password'] } } },
        { host: '127.0.0.1:9090' },
      );
      const backup = res.json().token.catalog.find((s: { type: string }) => s.type === 'backup') as {
        endpoints: { url: string }[];
      };
      expect(new Set(backup.endpoints.map((e) => e.url))).toEqual(
        new Set(['https://backup.example.com/freezer']),
      );
    } finally {
      await proxied.close();
    }
  });

  it('DELETE /v3/auth/tokens answers 204 (tokens are not checked without auth)', async () => {
    const res = await api.call('DELETE', '/v3/auth/tokens', undefined, { 'x-subject-token': 'fz-x' });
    expect(res.statusCode).toBe(204);
  });
});
