import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesBelow, levelsRestoreRetention, tempDir, transferLimitsHold } from './storage-cli.js';

/** The same walk as the remote drivers, on a local folder: the baseline every other storage matches. */
describe('freezer-agent on local storage', () => {
  const dir = tempDir('local');
  const repo = join(dir, 'repo');
  const target = { args: ['--storage', 'local', '-C', repo] };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('levels 0-2 encrypted, restore and restore-from-date to each point, info, retention', async () => {
    await levelsRestoreRetention(target, 'walk');
    expect(filesBelow(repo).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('--upload-limit and --download-limit hold', async () => {
    await transferLimitsHold(target, 'limits');
  });
});
