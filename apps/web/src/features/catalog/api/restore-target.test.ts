import type { CatalogVersion } from '@freezer/schema';
import { describe, expect, it } from 'vitest';
import { ORIGINAL_TARGET, toRestoreRequest, validateTarget, versionTimeline } from './restore-target';

describe('restore target', () => {
  it('the original target sends only the paths and the overwrite choice', () => {
    expect(validateTarget(ORIGINAL_TARGET)).toEqual({});
    expect(toRestoreRequest(['a/x.txt'], { ...ORIGINAL_TARGET, path: '/ignored', clientId: 'c' })).toEqual({
      paths: ['a/x.txt'],
      overwrite: false,
    });
  });

  it('another target needs an absolute folder; a blank client means the backup’s own', () => {
    const other = { where: 'other' as const, clientId: '', path: '', overwrite: true };
    expect(validateTarget(other).path).toMatch(/absolute folder/);
    expect(validateTarget({ ...other, path: 'tmp/x' }).path).toMatch(/absolute path/);
    expect(validateTarget({ ...other, path: '/tmp/x', clientId: 'a b' }).clientId).toMatch(/no spaces/);
    expect(toRestoreRequest(['d'], { ...other, path: ' /tmp/x ' })).toEqual({
      paths: ['d'],
      overwrite: true,
      restore_abs_path: '/tmp/x',
    });
    expect(toRestoreRequest(['d'], { ...other, path: '/tmp/x', clientId: 'p_node2' })).toMatchObject({
      client_id: 'p_node2',
    });
  });
});

describe('versionTimeline', () => {
  const v = (time_stamp: number, size: number, mtime: number): CatalogVersion => ({
    backup_id: `b${time_stamp}`,
    level: time_stamp - 100,
    time_stamp,
    type: 'file',
    size,
    mtime,
  });

  it('is newest first and marks how each version differs from the one before', () => {
    const t = versionTimeline([v(102, 5, 2), v(100, 5, 1), v(101, 5, 2), v(103, 5, 2)]);
    expect(t.map((x) => [x.time_stamp, x.change])).toEqual([
      [103, 'same'],
      [102, 'same'],
      [101, 'changed'],
      [100, 'first'],
    ]);
  });
});
