import { gunzipSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESS_THRESHOLD } from '../src/plugins/compression.js';
import { type TestApi, execJob, startTestApi } from './helpers.js';

describe('compressed replies', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    for (let i = 0; i < 60; i++) {
      const job = execJob('c1', { description: `job ${i} ${'d'.repeat(300)}` });
      expect((await api.call('POST', '/v2/p1/jobs', job)).statusCode).toBe(201);
    }
  });
  afterAll(() => api.close());

  it('a large list, gzip or deflate, decodes to the same document as the plain reply', async () => {
    const list = '/v2/p1/jobs?limit=100';
    const plain = await api.call('GET', list);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESS_THRESHOLD);
    // A browser's offer, and what python-requests (the stock clients) asks for.
    for (const accept of ['gzip, deflate, br, zstd', 'gzip, deflate']) {
      const gz = await api.call('GET', list, undefined, { 'accept-encoding': accept });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
      expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(plain.json());
    }
    const deflated = await api.call('GET', list, undefined, { 'accept-encoding': 'deflate' });
    expect(deflated.headers['content-encoding']).toBe('deflate');
    expect(JSON.parse(inflateSync(deflated.rawPayload).toString())).toEqual(plain.json());
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
