import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, startTestApi } from './helpers.js';

describe('the dashboard files', () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'fz-web-assets-'));
  const script = `console.log(${JSON.stringify('freezer '.repeat(500))});`;
  let api: TestApi;

  beforeAll(async () => {
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(
      join(webRoot, 'index.html'),
      '<!doctype html><script src="/assets/app-C0ffee12.js"></script>',
    );
    writeFileSync(join(webRoot, 'assets', 'app-C0ffee12.js'), script);
    writeFileSync(join(webRoot, 'assets', 'app-C0ffee12.js.br'), brotliCompressSync(script));
    writeFileSync(join(webRoot, 'assets', 'app-C0ffee12.js.gz'), gzipSync(script));
    api = await startTestApi({ webRoot });
  });
  afterAll(async () => {
    await api.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('hashed assets: the build-time brotli or gzip copy, cached for a year', async () => {
    for (const [accept, encoding, decode] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      const res = await api.call('GET', '/assets/app-C0ffee12.js', undefined, { 'accept-encoding': accept });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.rawPayload.length).toBeLessThan(script.length / 4);
      expect(decode(res.rawPayload).toString()).toBe(script);
    }
    const plain = await api.call('GET', '/assets/app-C0ffee12.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('index.html is revalidated on every load, at / and on client-side routes', async () => {
    for (const path of ['/', '/jobs/123']) {
      const res = await api.call('GET', path, undefined, { accept: 'text/html' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('/assets/app-C0ffee12.js');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });
});
