import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../src/index.js';
import { fromArray, makeSegments, readAll, tempDir } from './helpers.js';

// Behaviour, not a benchmark: bounds are generous on purpose.
describe('transfer limits', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('throttle');
  });
  afterAll(async () => {
    await dir.cleanup();
  });

  it('holds the upload and download averages', async () => {
    const mib = 1024 * 1024;
    const s = await openStorage(
      { type: 'local', container: dir.path },
      { uploadBytesPerSec: mib, downloadBytesPerSec: 2 * mib },
    );
    let t = performance.now();
    await s.putSegmented('t/data', fromArray(makeSegments(8, 256 * 1024)));
    expect(performance.now() - t).toBeGreaterThanOrEqual(1500);
    t = performance.now();
    const back = await readAll(s.getSegmented('t/data'));
    expect(back.reduce((n, c) => n + c.byteLength, 0)).toBe(2 * mib);
    expect(performance.now() - t).toBeGreaterThanOrEqual(700);
    t = performance.now();
    await s.putObject('t/meta', new Uint8Array(mib));
    expect(performance.now() - t).toBeGreaterThanOrEqual(700);
  });
});
