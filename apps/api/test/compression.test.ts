import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESS_THRESHOLD } from '../src/plugins/compression.js';
import { type TestApi, execJob, startTestApi } from './helpers.js';

describe('compressed replies', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    for (let i = 0; i < 60; i++) {
      const res = await api.call(
        'POST',
        '/v2/p1/jobs',
        execJob('c1', { description: `job ${i} ${'d'.repeat(300)}` }),
      );
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(() => api.close());

  it('a large list, brotli or gzip, decodes to the same document as the plain reply', async () => {
    const plain = await api.call('GET', '/v2/p1/jobs?limit=100');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESS_THRESHOLD);
    const br = await api.call('GET', '/v2/p1/jobs?limit=100', undefined, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());
    // What python-requests (the stock clients) asks for.
    const gz = await api.call('GET', '/v2/p1/jobs?limit=100', undefined, {
      'accept-encoding': 'gzip, deflate',
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(plain.json());
  });

  it("a scheduler's poll (one page of a few jobs) is sent as it is", async () => {
    const poll = await api.call('GET', '/v2/p1/jobs?limit=10&offset=0', undefined, {
      'accept-encoding': 'gzip, deflate',
    });
    expect(poll.statusCode).toBe(200);
    expect(poll.headers['content-encoding']).toBeUndefined();
    expect(poll.json().jobs).toHaveLength(10);
  });
});
