import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { snapshot } from './tree.js';

describe('[storage:NAME] sections in --config', () => {
  it('writes every point to each storage, and each one restores alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-multi-'));
    const src = join(dir, 'src');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'sub', 'f.txt'), 'both places\n');
    const ini = join(dir, 'job.ini');
    writeFileSync(
      ini,
      `[default]\naction = backup\npath_to_backup = ${src}\nbackup_name = m\nhostname = h\n\n` +
        `[storage:first]\nstorage = local\ncontainer = ${join(dir, 'one')}\n\n` +
        `[storage:second]\nstorage = local\ncontainer = ${join(dir, 'two')}\n`,
    );
    const r = await runCli(['--config', ini, '--metadata-out', '-']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { storages: string[] }).storages[0]).toMatch(/first.*second/);
    rmSync(join(dir, 'one'), { recursive: true });
    expect(existsSync(join(dir, 'two', 'metadata/tar/h_m'))).toBe(true);
    const out = join(dir, 'out');
    const restore = await runCli([
      '--action',
      'restore',
      '-C',
      join(dir, 'two'),
      '-N',
      'm',
      '--hostname',
      'h',
      '--restore-abs-path',
      out,
    ]);
    expect(restore.code).toBe(0);
    expect(snapshot(out)).toEqual(snapshot(src));
  });
});
