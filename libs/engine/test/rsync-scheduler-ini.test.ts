import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionToIni } from '@freezer/scheduler';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { snapshot } from './tree.js';

// A job action with `engine_name: rsync`, turned into the agent's --config file exactly as the scheduler
// does it, must reach the rsync engine unchanged (backup, then restore with the same action keys).
describe('--engine rsync from a scheduler job action', () => {
  it('engine_name: rsync in the action backs up and restores with the rsync engine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-rsync-ini-'));
    const src = join(dir, 'src');
    mkdirSync(join(src, 'd'), { recursive: true });
    writeFileSync(join(src, 'd', 'f.bin'), Buffer.alloc(200_000, 3));
    const action = {
      engine_name: 'rsync',
      backup_name: 'job',
      hostname: 'node1',
      storage: 'local' as const,
      container: join(dir, 'repo'),
    };
    const backupIni = join(dir, 'backup.ini');
    writeFileSync(backupIni, actionToIni({ ...action, action: 'backup', path_to_backup: src }));
    expect(actionToIni({ ...action, action: 'backup' })).toMatch(/^engine_name = rsync$/m);
    const b = await runCli(['--config', backupIni, '--metadata-out', '-']);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ engine_name: 'rsync', curr_backup_level: 0 });
    const restoreIni = join(dir, 'restore.ini');
    const out = join(dir, 'out');
    writeFileSync(restoreIni, actionToIni({ ...action, action: 'restore', restore_abs_path: out }));
    const r = await runCli(['--config', restoreIni]);
    expect(r.code).toBe(0);
    expect(snapshot(out)).toEqual(snapshot(src));
  });

  it('an unknown engine is a one-line usage error', async () => {
    const r = await runCli(['--engine', 'nova', '-N', 'x', '-F', '/tmp']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('freezer-agent: error: --engine nova is not supported; use tar or rsync');
  });
});
