import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUnreachableError, browserTransport, FreezerApiClient } from '../src/index.js';

const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (req.url?.includes('/slow')) return; // never answers: only an abort ends the request
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
    res.end(req.method === 'POST' ? '{"job_id":"j1"}' : '{"jobs":[]}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('browserTransport', () => {
  it('echoes the CSRF token on writes only', async () => {
    let token: string | null = 'csrf-1';
    const api = new FreezerApiClient({
      apiUrl: base,
      projectId: 'p1',
      transport: browserTransport({ csrfToken: () => token }),
    });
    await api.listJobs();
    await api.createJob({ client_id: 'node1', job_actions: [] });
    token = null;
    await api.createJob({ client_id: 'node1', job_actions: [] });
    const [list, write, anonymous] = seen.slice(-3);
    expect(list).toMatchObject({ method: 'GET', url: expect.stringMatching(/^\/v2\/p1\/jobs\?/) });
    expect(list?.headers['x-csrf-token']).toBeUndefined();
    expect(write?.headers['x-csrf-token']).toBe('csrf-1');
    expect(anonymous?.headers['x-csrf-token']).toBeUndefined();
  });

  it('a cancelled request stays an abort, not an unreachable API', async () => {
    const abort = new AbortController();
    const api = new FreezerApiClient({
      apiUrl: `${base}/slow`,
      projectId: 'p1',
      transport: browserTransport({ signal: abort.signal }),
    });
    const pending = api.listJobs();
    setTimeout(() => abort.abort(), 50);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('AbortError');
    expect(err).not.toBeInstanceOf(ApiUnreachableError);
  });
});

describe('isomorphic', () => {
  it('imports nothing Node-only, so the dashboard can bundle it', () => {
    const dir = join(import.meta.dirname, '..', 'src');
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect({ file, nodeImports: text.match(/from '(node:[^']+)'/g) ?? [] }).toEqual({
        file,
        nodeImports: [],
      });
    }
  });
});
